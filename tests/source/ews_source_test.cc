// The EWS source's own parts: EWS errors in the retry policy's terms, event timestamps, and the
// callback paths it answers.

#include "enp/source/ews/ews_source.h"

#include <gtest/gtest.h>

#include "enp/decide/zone_loader.h"
#include "enp/source/ews/ews_failure.h"
#include "enp/source/ews/notify_handler.h"
#include "fake_clock.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

struct FailureRow {
  const char* name;
  ews::Error error;
  FailureKind kind;
};

void PrintTo(const FailureRow& row, std::ostream* os) { *os << row.name; }

class EwsFailureTable : public ::testing::TestWithParam<FailureRow> {};

TEST_P(EwsFailureTable, Maps) {
  const Failure f = toFailure(GetParam().error);
  EXPECT_EQ(toString(f.kind), std::string(toString(GetParam().kind)));
  EXPECT_EQ(f.system, "exchange");
  EXPECT_FALSE(f.detail.empty());
  EXPECT_FALSE(f.advice.empty());
}

ews::Error busy(int64_t backOffMs) {
  ews::Error e =
      ews::Error::soapFault("ErrorServerBusy", "The server cannot service this request", 500);
  e.backOffMilliseconds = backOffMs;
  return e;
}

ews::Error innerBusy() {
  ews::Error e = ews::Error::exchange("ErrorInternalServerError", "An internal server error");
  e.innerCode = "ErrorServerBusy";
  return e;
}

INSTANTIATE_TEST_SUITE_P(
    Design63, EwsFailureTable,
    ::testing::Values(
        FailureRow{"ServerBusy", busy(5000), FailureKind::kBusy},
        FailureRow{"BusyInsideAnInternalError", innerBusy(), FailureKind::kBusy},
        FailureRow{"ItemNotFound", ews::Error::exchange("ErrorItemNotFound", "not found"),
                   FailureKind::kItemGone},
        FailureRow{"InvalidIdMalformed", ews::Error::exchange("ErrorInvalidIdMalformed", "bad"),
                   FailureKind::kBadItem},
        FailureRow{"NonExistentMailbox",
                   ews::Error::soapFault("ErrorNonExistentMailbox", "no such mailbox", 500),
                   FailureKind::kNoMailbox},
        FailureRow{"ImpersonateUserDenied",
                   ews::Error::soapFault("ErrorImpersonateUserDenied", "denied", 500),
                   FailureKind::kAuth},
        FailureRow{"AccessDenied", ews::Error::soapFault("ErrorAccessDenied", "denied", 500),
                   FailureKind::kAuth},
        FailureRow{"Http401", ews::Error::http(401, "Unauthorized"), FailureKind::kAuth},
        FailureRow{"Http403", ews::Error::http(403, "Forbidden"), FailureKind::kAuth},
        FailureRow{"Http503", ews::Error::http(503, "Service Unavailable"),
                   FailureKind::kUnreachable},
        FailureRow{"NoAnswer", ews::Error::transport("CURLE_OPERATION_TIMEDOUT", "timed out"),
                   FailureKind::kUnreachable},
        FailureRow{"NotXml", ews::Error::parse("not XML"), FailureKind::kUnreachable}),
    [](const ::testing::TestParamInfo<FailureRow>& row) { return std::string(row.param.name); });

TEST(EwsFailure, BusyCarriesTheBackOffExchangeAskedFor) {
  EXPECT_EQ(toFailure(busy(7000)).retryAfter, std::chrono::milliseconds(7000));
}

TEST(EventTimestamp, AValidTimeStampIsTheEventTime) {
  const int64_t now = 1796040000000;  // 2026-11-30T12:00:00Z
  EXPECT_EQ(parseTimestampMs("2026-11-30T11:59:30Z", now), now - 30000);
  EXPECT_EQ(parseTimestampMs("2026-11-30T12:59:30+01:00", now), now - 30000);
  EXPECT_EQ(parseTimestampMs("2026-11-30T06:00:00Z", now), now - 6 * 3600000);  // hours late
}

TEST(EventTimestamp, GarbageOrImplausibleTimeStampsFallBackToTheArrival) {
  const int64_t now = 1796040000000;
  for (const char* text :
       {"", "not-a-date", "0000-00-00T00:00:00Z", "1970-01-01T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z", "2026-11-30T12:00:00Zjunk", "9999-12-31T23:59:59Z",
        "2026-11-30T14:00:00Z", "2025-01-01T00:00:00Z"}) {
    EXPECT_EQ(parseTimestampMs(text, now), now) << text;
  }
}

class EwsSourceTest : public TempDatabaseTest {};

TEST_F(EwsSourceTest, AnswersItsCallbackPathsOnly) {
  RegistrationStore registrations(*db_);
  EventStore events(*db_);
  Metrics metrics;
  testsupport::FakeClock clock;
  SubscriptionStore subscriptions(*db_);
  MailboxHoursStore mailboxHours(*db_);
  GraphSubscriptionStore graphSubscriptions(*db_);
  const TransportFactory noTransport = [](const ews::TransportOptions&) {
    return ews::TransportPtr();
  };
  TokenProvider graphTokens(noTransport, clock);
  const auto zones = loadZoneDb(std::string(ENP_TEST_DATA_DIR) + "/ews/tz/windowsZones.xml");
  ASSERT_OK(zones);
  auto settings = std::make_shared<Settings>();
  settings->graph.emplace_back();
  settings->graph.back().name = "online";
  settings->graph.back().domains = {"online.contoso.com"};
  EwsSource source({registrations, events, metrics, clock,
                    [](const ews::TransportOptions&) { return ews::TransportPtr(); }, 1 << 20,
                    std::chrono::milliseconds(10000), subscriptions,
                    [settings] { return std::shared_ptr<const Settings>(settings); },
                    "http://127.0.0.1:1", std::string(32, 'k'), nullptr, SubscriptionTuning{},
                    mailboxHours, **zones, graphSubscriptions, graphTokens});
  EXPECT_EQ(source.name(), "ews");
  // A graph tenant's domain is not Exchange's; every other one is.
  Registration r;
  r.mailbox = "alice@online.contoso.com";
  EXPECT_FALSE(source.serves(r));
  r.mailbox = "bob@contoso.com";
  EXPECT_TRUE(source.serves(r));
  EXPECT_NE(source.asyncCallbackHandler("/ews/notify/AbC-123_xyz"), nullptr);
  for (const char* path : {"/ews/notify/", "/ews/notify/a/b", "/ews/notify/a%20b",
                           "/api/v1/registrations", "/ews/notifyx/abc", "/healthz"}) {
    EXPECT_EQ(source.asyncCallbackHandler(path), nullptr) << path;
  }
  EXPECT_EQ(source.asyncCallbackHandler("/ews/notify/" + std::string(129, 'a')), nullptr);
}

}  // namespace
}  // namespace enp
