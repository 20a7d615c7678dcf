// The processor in the middle of the pipeline, without the binary: a temp database, the real EWS
// reader and CNS sink over fake HTTP upstreams, a fake clock. Every row of the failure -> policy
// table (DESIGN §6.3) as the pipeline applies it, and the upstream breaker under a long outage.

#include "enp/pipeline/processor.h"

#include <gtest/gtest.h>

#include <map>

#include "enp/sink/cns/cns_sink.h"
#include "enp/source/sources.h"
#include "enp/store/settings_store.h"
#include "enp/store/sql/statement.h"
#include "exchange_xml.h"
#include "fake_clock.h"
#include "fake_transport.h"
#include "get_item_request.h"
#include "get_item_response.h"
#include "status_matchers.h"
#include "temp_database.h"
#include "test_zones.h"

namespace enp {
namespace {

using std::chrono::milliseconds;
using testsupport::reply;
using testsupport::valueOf;

constexpr const char* kEwsUrl = "https://mail1.test/EWS/Exchange.asmx";
constexpr const char* kCnsUrl = "https://cns.test/v1/notifications";
constexpr const char* kMailbox = "alice@contoso.com";

// What a stored event looks like after processing, as a readable string.
struct Row {
  std::string state;
  int attempts = 0;
  int64_t nextAttemptAt = 0;
  std::string lastError;
};

class ProcessorTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    auto zones = loadTestZones();
    ASSERT_OK(zones);
    zones_ = std::move(*zones);
    registrations_ = std::make_unique<RegistrationStore>(*db_);
    events_ = std::make_unique<EventStore>(*db_);
    decisions_ = std::make_unique<DecisionStore>(*db_, 100);
    settingsStore_ = std::make_unique<SettingsStore>(*db_);
    saveSettings([](Settings&) {});
    settings_ = std::make_unique<SettingsCache>(*settingsStore_, 0);
    register_(kMailbox, R"({"timeZone":"UTC"})");
    upstreams_.on(kEwsUrl, [this](const ews::HttpRequest& r) { return exchange(r); });
    upstreams_.on(kCnsUrl, [this](const ews::HttpRequest&) { return cns(); });
    auto transports = [this](const ews::TransportOptions& o) {
      return upstreams_.makeTransport(o);
    };
    subscriptions_ = std::make_unique<SubscriptionStore>(*db_);
    mailboxHours_ = std::make_unique<MailboxHoursStore>(*db_);
    graphSubscriptions_ = std::make_unique<GraphSubscriptionStore>(*db_);
    graphTokens_ = std::make_unique<TokenProvider>(transports, clock_);
    sources_ = makeSources({*registrations_, *events_, metrics_, clock_, transports, 1 << 20,
                            milliseconds(10000), *subscriptions_,
                            [this] { return settings_->get(clock_.nowMs()); }, "http://127.0.0.1:1",
                            std::string(32, 'k'), nullptr, SubscriptionTuning{}, *mailboxHours_,
                            *zones_, *graphSubscriptions_, *graphTokens_, nullptr});
    gates_ = std::make_unique<UpstreamGates>(metrics_);
    alertStore_ = std::make_unique<AlertStore>(*db_);
    alertBoard_ = std::make_unique<AlertBoard>(*alertStore_, clock_, metrics_);
    alerts_ = std::make_unique<PipelineAlerts>(*alertBoard_);
    processor_ = std::make_unique<Processor>(
        Processor::Deps{*registrations_, *mailboxHours_, *events_, *decisions_, *settings_, *zones_,
                        metrics_, clock_, health_, *gates_, sources_, RetryOptions{},
                        alerts_.get()},
        std::make_unique<CnsSink>(transports), stopping_);
  }

  void saveSettings(const std::function<void(Settings&)>& change) {
    Settings s;
    ExchangeServer server;
    server.name = "mail1";
    server.ewsUrl = kEwsUrl;
    server.version = ews::ServerVersion::kExchange2016;
    server.auth.type = ews::Auth::Type::kBasic;
    server.auth.username = "svc-enp@contoso.com";
    server.auth.password = "secret";
    server.domains = {"contoso.com"};
    s.exchange.push_back(server);
    s.cns = {kCnsUrl,    "org-contoso", "cns-token",
             "cns.test", "HS256",       "cns-shared-secret-0123456789abcdef",
             "enp-1"};
    s.registrationKeys.push_back({"uem", "regkey-0123456789abcdefghijkl"});
    change(s);
    ASSERT_OK(settingsStore_->save(s, clock_.nowMs()));
    if (settings_) {
      settings_->invalidate();
    }
  }

  void register_(const std::string& mailbox, const std::string& policyJson,
                 const std::string& id = "reg-alice") {
    Registration r;
    r.id = id;
    r.mailbox = mailbox;
    r.deviceToken = "device-" + id;
    r.platform = "ios";
    r.policyJson = policyJson;
    r.keyLabel = "uem";
    r.createdAt = r.updatedAt = clock_.nowMs();
    ASSERT_OK(registrations_->create(r, "cb-" + id, "secret-" + id));
  }

  // Queues new-mail events the way the callback handler does; returns them as leased.
  std::vector<QueuedEvent> queue(const std::vector<std::string>& itemIds,
                                 const std::string& registration = "reg-alice") {
    NotifyWrite w;
    w.registrationId = registration;
    w.nowMs = clock_.nowMs();
    for (const auto& id : itemIds) {
      w.items.push_back({id, "inbox-folder", "sub-1", "wm", clock_.nowMs()});
    }
    EXPECT_OK(events_->persist(w));
    return valueOf(events_->due(clock_.nowMs(), 10000, {}));
  }

  // Everything due now, in batches per registration as the Pipeline makes them (up to 8).
  void processDue() {
    auto due = valueOf(events_->due(clock_.nowMs(), 10000, {}));
    std::map<std::string, std::vector<QueuedEvent>> byRegistration;
    for (auto& e : due) {
      auto& batch = byRegistration[e.registrationId];
      batch.push_back(e);
      if (batch.size() == 8) {
        ASSERT_OK(processor_->process(batch));
        batch.clear();
      }
    }
    for (auto& [id, batch] : byRegistration) {
      if (!batch.empty()) {
        ASSERT_OK(processor_->process(batch));
      }
    }
  }

  Row row(int64_t id) {
    auto g = db_->reader();
    sql::Statement q(g.db,
                     "SELECT state, attempts, next_attempt_at, last_error FROM events "
                     "WHERE id = ?");
    q.bind(1, id);
    Row r;
    if (q.executeStep()) {
      r = {q.getColumn(0).getString(), q.getColumn(1).getInt(), q.getColumn(2).getInt64(),
           q.getColumn(3).getString()};
    }
    return r;
  }

  DecisionRecord lastDecision() {
    auto recent = valueOf(decisions_->recent("reg-alice", 1));
    EXPECT_FALSE(recent.empty());
    return recent.empty() ? DecisionRecord{} : recent.front();
  }

  uint64_t counter(const std::string& series) { return metrics_.counter(series).value(); }

  // The keys of the firing alerts, comma-separated.
  std::string firing() {
    std::string out;
    for (const Alert& a : alertBoard_->firing()) {
      out += (out.empty() ? "" : ",") + a.key;
    }
    return out;
  }

  // Exchange: the items of `items_` (ErrorItemNotFound otherwise), or the scripted answer.
  ews::Result<ews::HttpReply> exchange(const ews::HttpRequest& r) {
    if (exchangeAnswer_) {
      return exchangeAnswer_(r);
    }
    const fakes::GetItemParse parsed = fakes::parseGetItemRequest(r.body);
    EXPECT_TRUE(parsed.call) << "ENP sent a GetItem the fake cannot parse";
    if (!parsed.call) {
      return reply(500, fakes::soapFaultEnvelope(parsed.fault));
    }
    EXPECT_EQ(parsed.call->impersonatedMailbox, kMailbox);
    std::vector<fakes::ItemLookup> lookups;
    for (const auto& id : parsed.call->itemIds) {
      fakes::ItemLookup l{id, std::nullopt};
      if (auto it = items_.find(id); it != items_.end()) {
        l.item = it->second;
      }
      lookups.push_back(l);
    }
    return reply(
        200, fakes::renderGetItemResponse(fakes::ServerVersionInfo{}, parsed.call->shape, lookups),
        {{"Content-Type", "text/xml; charset=utf-8"}});
  }

  ews::Result<ews::HttpReply> cns() {
    if (cnsAnswer_) {
      return cnsAnswer_();
    }
    return reply(202);
  }

  void addMail(const std::string& id, const std::string& subject = "Budget for Q3") {
    fakes::FakeItem item;
    item.id = id;
    item.from = {"Bob Example", "bob@example.com", "SMTP", "Mailbox"};
    item.subject = subject;
    item.body = "Please review the numbers before Friday.";
    items_[id] = item;
  }

  static std::function<ews::Result<ews::HttpReply>(const ews::HttpRequest&)> fault(
      const fakes::SoapFault& f) {
    return [f](const ews::HttpRequest&) { return reply(500, fakes::soapFaultEnvelope(f)); };
  }

  testsupport::FakeClock clock_;
  testsupport::FakeUpstreams upstreams_;
  Metrics metrics_;
  HealthBoard health_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<rules::ZoneDb> zones_;
  std::unique_ptr<RegistrationStore> registrations_;
  std::unique_ptr<EventStore> events_;
  std::unique_ptr<DecisionStore> decisions_;
  std::unique_ptr<SettingsStore> settingsStore_;
  std::unique_ptr<SubscriptionStore> subscriptions_;
  std::unique_ptr<MailboxHoursStore> mailboxHours_;
  std::unique_ptr<GraphSubscriptionStore> graphSubscriptions_;
  std::unique_ptr<TokenProvider> graphTokens_;
  std::unique_ptr<SettingsCache> settings_;
  std::vector<SourcePtr> sources_;
  std::unique_ptr<UpstreamGates> gates_;
  std::unique_ptr<AlertStore> alertStore_;
  std::unique_ptr<AlertBoard> alertBoard_;
  std::unique_ptr<PipelineAlerts> alerts_;
  std::unique_ptr<Processor> processor_;
  std::map<std::string, fakes::FakeItem> items_;
  std::function<ews::Result<ews::HttpReply>(const ews::HttpRequest&)> exchangeAnswer_;
  std::function<ews::Result<ews::HttpReply>()> cnsAnswer_;
};

TEST_F(ProcessorTest, AMailIsReadDecidedAndPushedInOneCommit) {
  addMail("item-1");
  auto due = queue({"item-1"});
  const uint64_t commits = db_->commitCount();
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(db_->commitCount(), commits + 1);  // the outcome and its decision together
  EXPECT_EQ(row(due[0].id).state, "delivered");
  EXPECT_EQ(upstreams_.count(kEwsUrl), 1u);
  ASSERT_EQ(upstreams_.count(kCnsUrl), 1u);
  const ews::HttpRequest sent = upstreams_.requests().back();
  EXPECT_EQ(sent.url, kCnsUrl);
  const DecisionRecord d = lastDecision();
  EXPECT_EQ(d.outcome, EventState::kDelivered);
  EXPECT_EQ(d.itemId, "item-1");
  EXPECT_EQ(counter("enp_events_finished_total{state=\"delivered\"}"), 1u);
}

TEST_F(ProcessorTest, ServerBusyWaitsTheBackOffExchangeAsksFor) {
  exchangeAnswer_ = fault(fakes::serverBusyFault(milliseconds(7000)));
  auto due = queue({"item-1"});
  ASSERT_OK(processor_->process(due));
  const Row r = row(due[0].id);
  EXPECT_EQ(r.state, "queued");
  EXPECT_EQ(r.attempts, 1);
  EXPECT_GE(r.nextAttemptAt - clock_.nowMs(), 7000);
  EXPECT_LE(r.nextAttemptAt - clock_.nowMs(), 8400);
  EXPECT_NE(r.lastError.find("ErrorServerBusy"), std::string::npos) << r.lastError;
  EXPECT_EQ(upstreams_.count(kCnsUrl), 0u);
}

TEST_F(ProcessorTest, AMailGoneBeforeItWasReadIsDroppedWithoutAlert) {
  auto due = queue({"deleted-item"});  // not in the mailbox: ErrorItemNotFound
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(row(due[0].id).state, "dropped");
  EXPECT_EQ(lastDecision().rule, "item-gone");
  EXPECT_EQ(metrics_.render().find("enp_alerts_total"), std::string::npos);
}

TEST_F(ProcessorTest, AnItemIdExchangeRejectsIsDropped) {
  fakes::SoapFault f{"ErrorInvalidIdMalformed", "Id is malformed.", {}};
  exchangeAnswer_ = fault(f);
  auto due = queue({"bad-id"});
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(row(due[0].id).state, "dropped");
  EXPECT_EQ(lastDecision().rule, "bad-item-id");
}

TEST_F(ProcessorTest, AMailboxExchangeDoesNotKnowIsDroppedWithAnAlert) {
  exchangeAnswer_ = fault(fakes::nonExistentMailboxFault(kMailbox));
  auto due = queue({"item-1"});
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(row(due[0].id).state, "dropped");
  EXPECT_EQ(lastDecision().rule, "no-mailbox");
  EXPECT_EQ(counter("enp_alerts_total{kind=\"mailbox\"}"), 1u);
}

TEST_F(ProcessorTest, ImpersonationDeniedAlertsOnceAndRetriesEveryItemInFiveMinutes) {
  exchangeAnswer_ = fault(fakes::impersonateUserDeniedFault());
  auto due = queue({"a", "b", "c"});
  ASSERT_OK(processor_->process(due));
  for (const auto& e : due) {
    const Row r = row(e.id);
    EXPECT_EQ(r.state, "queued");
    EXPECT_GE(r.nextAttemptAt - clock_.nowMs(), 270000);
    EXPECT_LE(r.nextAttemptAt - clock_.nowMs(), 330000);
  }
  EXPECT_EQ(upstreams_.count(kEwsUrl), 1u);  // one GetItem for the batch
  EXPECT_EQ(counter("enp_alerts_total{kind=\"exchange-auth\"}"), 1u);
  EXPECT_FALSE(health_.exchange()["mail1"].lastError.empty());
}

TEST_F(ProcessorTest, ExchangeRefusingTheServiceAccountAlertsAndRetries) {
  exchangeAnswer_ = [](const ews::HttpRequest&) { return reply(401); };
  auto due = queue({"item-1"});
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(row(due[0].id).state, "queued");
  EXPECT_EQ(counter("enp_alerts_total{kind=\"exchange-auth\"}"), 1u);
}

TEST_F(ProcessorTest, ExchangeUnreachableBacksOffWithoutAlert) {
  exchangeAnswer_ = [](const ews::HttpRequest&) -> ews::Result<ews::HttpReply> {
    return ews::Error::transport("CURLE_COULDNT_CONNECT", "connection refused");
  };
  auto due = queue({"item-1"});
  ASSERT_OK(processor_->process(due));
  const Row r = row(due[0].id);
  EXPECT_EQ(r.state, "queued");
  EXPECT_GE(r.nextAttemptAt - clock_.nowMs(), 1000);
  EXPECT_LE(r.nextAttemptAt - clock_.nowMs(), 2000);
  EXPECT_EQ(metrics_.render().find("enp_alerts_total"), std::string::npos);
}

TEST_F(ProcessorTest, AnAnswerThatCannotBeMatchedUpIsRetriedLater) {
  addMail("a");
  exchangeAnswer_ = [this](const ews::HttpRequest&) {  // one item for two ids
    fakes::ItemShape shape;
    return reply(200, fakes::renderGetItemResponse({}, shape, {{"a", items_["a"]}}));
  };
  auto due = queue({"a", "b"});
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(row(due[0].id).state, "queued");
  EXPECT_EQ(row(due[1].id).state, "queued");
  EXPECT_NE(row(due[0].id).lastError.find("GetItem answered 1 messages for 2 items"),
            std::string::npos)
      << row(due[0].id).lastError;
}

TEST_F(ProcessorTest, CnsUnavailableHonoursRetryAfter) {
  addMail("item-1");
  cnsAnswer_ = [] { return reply(503, "", {{"Retry-After", "30"}}); };
  auto due = queue({"item-1"});
  ASSERT_OK(processor_->process(due));
  const Row r = row(due[0].id);
  EXPECT_EQ(r.state, "queued");
  EXPECT_GE(r.nextAttemptAt - clock_.nowMs(), 30000);
  EXPECT_LE(r.nextAttemptAt - clock_.nowMs(), 36000);
}

TEST_F(ProcessorTest, CnsThrottlingWaitsAtLeastASecond) {
  addMail("item-1");
  cnsAnswer_ = [] { return reply(429); };
  auto due = queue({"item-1"});
  ASSERT_OK(processor_->process(due));
  const Row r = row(due[0].id);
  EXPECT_EQ(r.state, "queued");
  EXPECT_GE(r.nextAttemptAt - clock_.nowMs(), 1000);
}

TEST_F(ProcessorTest, CnsRefusingANotificationDeadLettersItWithAnAlert) {
  addMail("item-1");
  cnsAnswer_ = [] { return reply(400, R"({"error":"bad audience"})"); };
  auto due = queue({"item-1"});
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(row(due[0].id).state, "dead");
  EXPECT_EQ(lastDecision().rule, "cns-refused");
  EXPECT_EQ(counter("enp_alerts_total{kind=\"cns\"}"), 1u);
  EXPECT_FALSE(health_.cns().lastError.empty());
}

TEST_F(ProcessorTest, UnusableCnsSettingsAlertAndKeepTheMail) {
  saveSettings([](Settings& s) { s.cns.key = "short"; });  // HS256 needs 32 bytes
  addMail("item-1");
  auto due = queue({"item-1"});
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(row(due[0].id).state, "queued");
  EXPECT_EQ(counter("enp_alerts_total{kind=\"config\"}"), 1u);
  EXPECT_EQ(upstreams_.count(kCnsUrl), 0u);
}

TEST_F(ProcessorTest, AMailboxNoServerServesAlertsAndKeepsTheMail) {
  register_("carol@fabrikam.com", R"({"timeZone":"UTC"})", "reg-carol");
  auto due = queue({"item-1"}, "reg-carol");
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(row(due[0].id).state, "queued");
  EXPECT_EQ(counter("enp_alerts_total{kind=\"config\"}"), 1u);
  EXPECT_EQ(upstreams_.count(kEwsUrl), 0u);
}

TEST_F(ProcessorTest, AMailOlderThanMaxAgeExpires) {
  addMail("item-1");
  auto due = queue({"item-1"});
  clock_.advance(std::chrono::minutes(61));
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(row(due[0].id).state, "expired");
  EXPECT_EQ(lastDecision().rule, "too-old");
  EXPECT_EQ(upstreams_.count(kEwsUrl), 0u);
}

TEST_F(ProcessorTest, MailOfARevokedRegistrationIsDropped) {
  addMail("item-1");
  auto due = queue({"item-1"});
  ASSERT_OK(registrations_->revoke("reg-alice", clock_.nowMs()));
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(row(due[0].id).state, "dropped");
  EXPECT_EQ(lastDecision().rule, "revoked");
}

TEST_F(ProcessorTest, MailOfARegistrationThatCannotBeReadIsTriedAgainLater) {
  addMail("item-1");
  auto due = queue({"item-1"});
  {
    // The registrations table is gone: reading the registration fails inside SQLite, while
    // the queue can still record the outcome.
    auto g = db_->writer();
    g.db.exec("ALTER TABLE registrations RENAME TO registrations_away");
  }
  ASSERT_OK(processor_->process(due));
  const Row r = row(due[0].id);
  EXPECT_EQ(r.state, "queued");  // neither dropped as revoked nor lost
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.nextAttemptAt, clock_.nowMs() + 60000);
  EXPECT_EQ(r.lastError.rfind("internal error: ", 0), 0u) << r.lastError;
  EXPECT_TRUE(valueOf(decisions_->recent("reg-alice", 1)).empty());
  EXPECT_EQ(upstreams_.count(kEwsUrl), 0u);
}

TEST_F(ProcessorTest, MailOutsideWorkHoursIsSuppressedWithItsReason) {
  clock_.set(1796040000000 - 24 * 3600 * 1000);  // Sunday noon UTC
  register_("bob@contoso.com",
            R"({"timeZone":"UTC","workHoursOnly":true,"workHours":{"days":["mon","tue"],)"
            R"("start":"09:00","end":"17:00"}})",
            "reg-bob");
  addMail("item-1");
  exchangeAnswer_ = [this](const ews::HttpRequest& r) {
    const auto parsed = fakes::parseGetItemRequest(r.body);
    return reply(
        200, fakes::renderGetItemResponse({}, parsed.call->shape, {{"item-1", items_["item-1"]}}));
  };
  auto due = queue({"item-1"}, "reg-bob");
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(row(due[0].id).state, "suppressed");
  auto recent = valueOf(decisions_->recent("reg-bob", 1));
  ASSERT_EQ(recent.size(), 1u);
  EXPECT_EQ(recent[0].rule, "outside-work-hours");
  EXPECT_NE(recent[0].localTime.find("Sunday"), std::string::npos) << recent[0].localTime;
  EXPECT_EQ(upstreams_.count(kCnsUrl), 0u);
}

TEST_F(ProcessorTest, WorkHoursReadFromTheMailboxDecideAndTheTraceSaysWhereTheyCameFrom) {
  // Monday 12:00 UTC: inside the registration's hours (UTC), 21:00 in Tokyo (the mailbox's).
  Registration r;
  r.id = "reg-carol";
  r.mailbox = "carol@contoso.com";
  r.deviceToken = "device-carol";
  r.platform = "ios";
  r.policyJson = R"({"timeZone":"UTC","workHoursOnly":true,"vipAfterHours":false,)"
                 R"("workHours":{"days":["mon","tue","wed","thu","fri"],"start":"09:00",)"
                 R"("end":"17:00"}})";
  r.workHoursFrom = WorkHoursFrom::kMailbox;
  r.keyLabel = "uem";
  r.createdAt = r.updatedAt = clock_.nowMs();
  ASSERT_OK(registrations_->create(r, "cb-carol", "secret-carol"));
  exchangeAnswer_ = [this](const ews::HttpRequest& req) {
    const auto parsed = fakes::parseGetItemRequest(req.body);
    std::vector<fakes::ItemLookup> lookups;
    for (const auto& id : parsed.call->itemIds) {
      lookups.push_back({id, items_[id]});
    }
    return reply(200, fakes::renderGetItemResponse({}, parsed.call->shape, lookups));
  };
  const auto decide = [&](const std::string& item) {
    addMail(item);
    auto due = queue({item}, "reg-carol");
    EXPECT_OK(processor_->process(due));
    return valueOf(decisions_->recent("reg-carol", 1)).front();
  };

  // Not read yet: the registration's hours, and the trace says so.
  DecisionRecord d = decide("item-1");
  EXPECT_EQ(d.outcome, EventState::kDelivered);
  EXPECT_EQ(d.zone, "Etc/UTC");
  EXPECT_NE(d.reason.find("have not been read from Exchange yet"), std::string::npos) << d.reason;

  MailboxHours hours;
  hours.mailbox = "carol@contoso.com";
  hours.state = MailboxHours::State::kFound;
  hours.timeZone = "Asia/Tokyo";
  hours.days = 0x3E;
  hours.startMinute = 9 * 60;
  hours.endMinute = 17 * 60;
  hours.readAt = clock_.nowMs() - 3600 * 1000;
  ASSERT_OK(mailboxHours_->save(hours));
  d = decide("item-2");
  EXPECT_EQ(d.outcome, EventState::kSuppressed);
  EXPECT_EQ(d.zone, "Asia/Tokyo");
  EXPECT_NE(d.localTime.find("21:00"), std::string::npos) << d.localTime;
  EXPECT_NE(d.reason.find("the mailbox's in Exchange (read 2026-11-30 11:00 UTC"),
            std::string::npos)
      << d.reason;

  // The mailbox has none: the registration's hours apply again.
  hours.state = MailboxHours::State::kNone;
  ASSERT_OK(mailboxHours_->save(hours));
  d = decide("item-3");
  EXPECT_EQ(d.outcome, EventState::kDelivered);
  EXPECT_EQ(d.zone, "Etc/UTC");
  EXPECT_NE(d.reason.find("the mailbox has none set in Exchange"), std::string::npos) << d.reason;
}

TEST_F(ProcessorTest, ACorruptStoredPolicyDropsTheMailAndSaysWhy) {
  addMail("item-1");
  ASSERT_OK(db_->write([](sql::Connection& d) {
    d.exec("UPDATE registrations SET policy = '{not json' WHERE id = 'reg-alice'");
  }));
  auto due = queue({"item-1"});
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(row(due[0].id).state, "dropped");  // not retried every minute as an internal error
  const DecisionRecord d = lastDecision();
  EXPECT_EQ(d.rule, "bad-policy");
  EXPECT_NE(d.reason.find("not a JSON object"), std::string::npos) << d.reason;
}

TEST_F(ProcessorTest, AStopInTheMiddleOfABatchLeavesTheRestQueued) {
  addMail("a");
  addMail("b");
  cnsAnswer_ = [this] {
    stopping_ = true;  // the stop arrives while the first push is in flight
    return reply(202);
  };
  auto due = queue({"a", "b"});
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(row(due[0].id).state, "delivered");
  EXPECT_EQ(row(due[1].id).state, "queued");
  EXPECT_EQ(row(due[1].id).attempts, 0);
}

// CNS down for 3 minutes with 960 mails queued: the breaker holds the queue and probes, instead
// of retrying every mail (4,772 attempts before the breaker existed). Everything is delivered
// once CNS is back, and held mail never counts as an attempt.
TEST_F(ProcessorTest, AnOutageOfCnsIsProbedNotHammered) {
  std::vector<std::string> ids;
  for (int i = 0; i < 960; ++i) {
    ids.push_back("m" + std::to_string(i));
    addMail(ids.back());
  }
  // 960 callbacks spread over the outage's first minute.
  const int64_t start = clock_.nowMs();
  bool cnsUp = false;
  cnsAnswer_ = [&cnsUp] { return cnsUp ? reply(202) : reply(503); };
  size_t queued = 0;
  for (int64_t t = 0; t < 4 * 60000; t += 250) {
    clock_.set(start + t);
    while (queued < ids.size() && queued * 62 <= static_cast<size_t>(t)) {
      queue({ids[queued++]});
    }
    cnsUp = t >= 3 * 60000;
    processDue();
  }
  const size_t duringOutage = upstreams_.count(kCnsUrl);
  EXPECT_EQ(
      valueOf(events_->countInState(EventState::kDelivered)) + valueOf(events_->queuedCount()),
      960);
  // Let the backlog drain after the outage (holds end within the longest hold).
  for (int64_t t = 4 * 60000; t < 8 * 60000; t += 1000) {
    clock_.set(start + t);
    processDue();
  }
  EXPECT_EQ(valueOf(events_->countInState(EventState::kDelivered)), 960);
  const size_t failedAttempts = counter("enp_events_retried_total");
  std::printf("CNS down 3 min, 960 mails: %zu CNS requests (%zu failed attempts, %llu holds)\n",
              upstreams_.count(kCnsUrl), failedAttempts,
              static_cast<unsigned long long>(counter("enp_events_held_total")));
  EXPECT_LT(failedAttempts, 60u);
  EXPECT_LT(duringOutage, 960u + 60u);
  EXPECT_GT(counter("enp_events_held_total"), 0u);
}

TEST_F(ProcessorTest, ImpersonationDeniedFiresAnAlertThatAReadOnTheServerResolves) {
  exchangeAnswer_ = fault(fakes::impersonateUserDeniedFault());
  addMail("item-1");
  auto due = queue({"item-1"});
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(firing(), "exchange-auth:mail1");
  EXPECT_EQ(alertBoard_->firing()[0].title, "Exchange mail1: impersonation denied");
  exchangeAnswer_ = nullptr;  // the role was granted
  clock_.advance(std::chrono::minutes(6));
  processDue();
  EXPECT_EQ(row(due[0].id).state, "delivered");
  EXPECT_EQ(firing(), "");
}

TEST_F(ProcessorTest, CnsRefusingFiresAnAlertThatAnAcceptedPushResolves) {
  addMail("item-1");
  addMail("item-2");
  cnsAnswer_ = [] { return reply(401, R"({"error":"bad signature"})"); };
  ASSERT_OK(processor_->process(queue({"item-1"})));
  EXPECT_EQ(firing(), "cns-rejects");
  EXPECT_EQ(alertBoard_->firing()[0].severity, Severity::kCritical);
  cnsAnswer_ = nullptr;
  ASSERT_OK(processor_->process(queue({"item-2"})));
  EXPECT_EQ(firing(), "");
}

TEST_F(ProcessorTest, UnusableCnsSettingsFireTheirOwnAlert) {
  saveSettings([](Settings& s) { s.cns.key = "short"; });
  addMail("item-1");
  ASSERT_OK(processor_->process(queue({"item-1"})));
  EXPECT_EQ(firing(), "cns-config");
}

TEST_F(ProcessorTest, CnsUnreachableAlertsOnlyOnceItsQueueIsHeld) {
  addMail("item-1");
  cnsAnswer_ = [] { return reply(503); };
  auto due = queue({"item-1"});
  ASSERT_OK(processor_->process(due));
  EXPECT_EQ(firing(), "") << "one failure is not an outage";
  for (int i = 0; i < 10 && firing().empty(); ++i) {
    addMail("more-" + std::to_string(i));
    queue({"more-" + std::to_string(i)});
    clock_.advance(std::chrono::minutes(1));
    processDue();
  }
  EXPECT_EQ(firing(), "cns-unreachable");
  cnsAnswer_ = nullptr;
  for (int i = 0; i < 10 && !firing().empty(); ++i) {
    clock_.advance(std::chrono::minutes(1));
    processDue();
  }
  EXPECT_EQ(firing(), "");
}

}  // namespace
}  // namespace enp
