// Registrations with "workHoursFrom": "mailbox": the real binary reads the mailbox's working
// hours from the fake Exchange (GetUserAvailability, schema-checked), decides with them, and says
// so in the decision trace; a mailbox without working hours falls back to the registration's.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>

#include "admin_fixture.h"

namespace itest {
namespace {

using std::chrono::seconds;

constexpr const char* kCarol = "carol@contoso.com";
constexpr const char* kDave = "dave@contoso.com";

// "HH:MM" of minutes after midnight.
std::string clock(int minute) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", (minute / 60) % 24, minute % 60);
  return text;
}

int utcMinuteNow() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_hour * 60 + tm.tm_min;
}

class MailboxHoursTest : public AdminTest {
 protected:
  /// Work hours only, every day, around the clock in the registration: any mail would be
  /// delivered by the registration's own hours.
  Registered registerFromMailbox(const std::string& mailbox) {
    return registerMailbox(mailbox,
                           R"("workHoursFrom":"mailbox","workHoursOnly":true,)"
                           R"("vipAfterHours":false,"workHours":{"days":["mon","tue","wed",)"
                           R"("thu","fri","sat","sun"],"start":"00:00","end":"00:00"})");
  }

  Poco::JSON::Object::Ptr detail(const Registered& r) {
    auto got = admin_->call("GET", "/api/v1/admin/registrations/" + r.id);
    EXPECT_EQ(got.status, 200) << got.body;
    return parseObject(got.body);
  }
};

TEST_F(MailboxHoursTest, TheMailboxsHoursDecideAndAMailboxWithoutFallsBack) {
  // Carol works every day in UTC (Exchange: bias 0, no daylight time) from two to three hours
  // from now: a mail now is outside her hours.
  const int now = utcMinuteNow();
  fakes::FakeWorkingHours hours;
  hours.bias = 0;
  hours.periods = {{"Sunday Monday Tuesday Wednesday Thursday Friday Saturday", (now + 120) % 1440,
                    (now + 180) % 1440}};
  if (hours.periods[0].endMinute < hours.periods[0].startMinute) {
    hours.periods = {{"Sunday Monday Tuesday Wednesday Thursday Friday Saturday",
                      (now + 120) % 1440, 1440}};  // Exchange's periods end by midnight
  }
  addMail("item-carol", "Budget for Q3", kCarol);
  addMail("item-dave", "Budget for Q4", kDave);
  exchange_->setWorkingHours(kCarol, hours);
  exchange_->setWorkingHours(kDave, std::nullopt);
  const Registered carol = registerFromMailbox(kCarol);
  const Registered dave = registerFromMailbox(kDave);
  expectLog("working hours of carol@contoso.com: ");
  expectLog("working hours of dave@contoso.com: none set in the mailbox");

  // What ENP asked: GetUserAvailability impersonating each mailbox (the fake checks the
  // request against Microsoft's schema and refuses it otherwise).
  int asked = 0;
  for (const auto& c : exchange_->calls()) {
    if (c.operation == "GetUserAvailability") {
      ++asked;
      EXPECT_TRUE(c.mailbox == kCarol || c.mailbox == kDave) << c.mailbox;
    }
  }
  EXPECT_EQ(asked, 2);

  auto carolDetail = detail(carol);
  EXPECT_EQ(carolDetail->getValue<std::string>("workHoursFrom"), "mailbox");
  auto carolHours = carolDetail->getObject("mailboxHours");
  ASSERT_TRUE(carolHours);
  EXPECT_EQ(carolHours->getValue<std::string>("state"), "found");
  EXPECT_EQ(carolHours->getObject("workHours")->getValue<std::string>("start"),
            clock((now + 120) % 1440));
  EXPECT_EQ(detail(dave)->getObject("mailboxHours")->getValue<std::string>("state"), "none");

  ASSERT_EQ(pushNewMail(carol.callbackUrl, "item-carol").status, fakes::PushOutcome::Status::kOk);
  ASSERT_EQ(pushNewMail(dave.callbackUrl, "item-dave").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  expectLog("] suppressed: ");
  expectLog("] delivered: ");  // recorded after CNS answered: the push alone is not enough

  auto carolDecisions = detail(carol)->getArray("decisions");
  ASSERT_EQ(carolDecisions->size(), 1u);
  auto suppressed = carolDecisions->getObject(0);
  EXPECT_EQ(suppressed->getValue<std::string>("outcome"), "suppressed");
  EXPECT_NE(suppressed->getValue<std::string>("reason").find("the mailbox's in Exchange"),
            std::string::npos)
      << suppressed->getValue<std::string>("reason");

  auto daveDecisions = detail(dave)->getArray("decisions");
  ASSERT_EQ(daveDecisions->size(), 1u);
  auto delivered = daveDecisions->getObject(0);
  EXPECT_EQ(delivered->getValue<std::string>("outcome"), "delivered");
  EXPECT_NE(delivered->getValue<std::string>("reason").find("the mailbox has none set in Exchange"),
            std::string::npos)
      << delivered->getValue<std::string>("reason");
  const auto pushes = cns_->pushes();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0].notification()->getValue<std::string>("subject"), "Budget for Q4");
}

TEST_F(MailboxHoursTest, AnUnknownWorkHoursSourceIsRefusedNamingTheField) {
  auto r = httpRequest(
      "POST", daemon_->publicBase() + "/api/v1/registrations",
      R"({"mailbox":"erin@contoso.com","deviceToken":"t","workHoursFrom":"outlook"})",
      "application/json", {{"Authorization", std::string("Bearer ") + kRegistrationKey}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("workHoursFrom"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace itest
