// Working hours read from mailboxes: what a read makes of the stored record (found, none, a
// failure with back-off), and the keeper on a real database with scripted reads and a fake
// clock: whom it reads, how often, and what it stores.
#include "enp/source/hours/mailbox_hours_keeper.h"

#include <gtest/gtest.h>

#include <map>

#include "enp/decide/zone_loader.h"
#include "enp/source/ews/exchange_work_hours.h"
#include "fake_clock.h"
#include "registration_rows.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using testsupport::valueOf;

constexpr int64_t kNow = 1796040000000;  // 2026-11-30T12:00:00Z
constexpr milliseconds kDay = hours(24);
constexpr milliseconds kRetry = minutes(5);

const rules::ZoneDb& zones() {
  static const std::unique_ptr<rules::ZoneDb> db = [] {
    auto loaded = loadZoneDb(std::string(ENP_TEST_DATA_DIR) + "/ews/tz/windowsZones.xml");
    EXPECT_TRUE(loaded.ok()) << loaded.error().message();
    return loaded.ok() ? std::move(*loaded) : nullptr;
  }();
  return *db;
}

// Tokyo (no daylight time), Monday to Friday 10:00-19:00.
ews::WorkingHours tokyoHours() {
  ews::WorkingHours h;
  h.timeZone.biasMinutes = -540;
  ews::WorkingPeriod p;
  p.days = ews::kWeekdays;
  p.startMinute = 600;
  p.endMinute = 1140;
  h.periods.push_back(p);
  return h;
}

// Zones with today's rules of Tokyo are interchangeable for the rules (matchZone()).
bool isJapanTime(const std::string& zone) { return zone == "Asia/Tokyo" || zone == "Asia/Seoul"; }

TEST(AfterReadTest, HoursFoundAreStoredInTheRulesTermsAndReadAgainTheNextDay) {
  const MailboxHours h =
      afterRead("alice@contoso.com", std::nullopt, WorkingHoursRead(std::optional(tokyoHours())),
                zones(), kNow, kDay, kRetry);
  EXPECT_EQ(h.state, MailboxHours::State::kFound);
  EXPECT_EQ(h.mailbox, "alice@contoso.com");
  EXPECT_TRUE(isJapanTime(h.timeZone)) << h.timeZone;
  EXPECT_EQ(h.days, ews::kWeekdays);
  EXPECT_EQ(h.startMinute, 600);
  EXPECT_EQ(h.endMinute, 1140);
  EXPECT_EQ(h.readAt, kNow);
  EXPECT_EQ(h.attempts, 0);
  EXPECT_GE(h.nextReadAt, kNow + kDay.count());
  EXPECT_LT(h.nextReadAt, kNow + kDay.count() + milliseconds(hours(1)).count());
}

TEST(AfterReadTest, AMailboxWithoutHoursIsNone) {
  const MailboxHours h =
      afterRead("bob@contoso.com", std::nullopt,
                WorkingHoursRead(std::optional<ews::WorkingHours>()), zones(), kNow, kDay, kRetry);
  EXPECT_EQ(h.state, MailboxHours::State::kNone);
  EXPECT_EQ(h.readAt, kNow);
  // Periods that name no day Exchange knows are no hours either, and the notes say why.
  ews::WorkingHours odd = tokyoHours();
  odd.periods[0].days = 0;
  odd.periods[0].unknownDayNames = {"Caturday"};
  const MailboxHours n =
      afterRead("bob@contoso.com", std::nullopt, WorkingHoursRead(std::optional(odd)), zones(),
                kNow, kDay, kRetry);
  EXPECT_EQ(n.state, MailboxHours::State::kNone);
  EXPECT_FALSE(n.notes.empty());
}

TEST(AfterReadTest, AFailureKeepsWhatWasFoundAndBacksOff) {
  const WorkingHoursRead failed(Status::unavailable("ErrorServerBusy"));
  const MailboxHours first =
      afterRead("carol@contoso.com", std::nullopt, failed, zones(), kNow, kDay, kRetry);
  EXPECT_EQ(first.state, MailboxHours::State::kFailed);
  EXPECT_EQ(first.error, "ErrorServerBusy");
  EXPECT_EQ(first.attempts, 1);
  EXPECT_EQ(first.nextReadAt, kNow + kRetry.count());
  const MailboxHours second =
      afterRead("carol@contoso.com", first, failed, zones(), first.nextReadAt, kDay, kRetry);
  EXPECT_EQ(second.attempts, 2);
  EXPECT_EQ(second.nextReadAt, first.nextReadAt + 2 * kRetry.count());

  const MailboxHours found =
      afterRead("carol@contoso.com", std::nullopt, WorkingHoursRead(std::optional(tokyoHours())),
                zones(), kNow, kDay, kRetry);
  MailboxHours after = found;
  for (int i = 0; i < 20; ++i) {
    after = afterRead("carol@contoso.com", after, failed, zones(), after.nextReadAt, kDay, kRetry);
  }
  EXPECT_EQ(after.state, MailboxHours::State::kFound);  // the hours found still apply
  EXPECT_TRUE(isJapanTime(after.timeZone)) << after.timeZone;
  EXPECT_EQ(after.readAt, kNow);
  EXPECT_EQ(after.attempts, 20);
  // The back-off stops growing at six hours.
  const MailboxHours next =
      afterRead("carol@contoso.com", after, failed, zones(), after.nextReadAt, kDay, kRetry);
  EXPECT_EQ(next.nextReadAt - after.nextReadAt, milliseconds(hours(6)).count());
  const MailboxHours recovered =
      afterRead("carol@contoso.com", after, WorkingHoursRead(std::optional(tokyoHours())), zones(),
                kNow + kDay.count(), kDay, kRetry);
  EXPECT_EQ(recovered.attempts, 0);
  EXPECT_TRUE(recovered.error.empty());
}

class MailboxHoursKeeperTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    ExchangeServer mail1;
    mail1.name = "mail1";
    mail1.domains = {"contoso.com"};
    auto s = std::make_shared<Settings>();
    s->exchange = {mail1};
    settings_ = s;
    store_ = std::make_unique<MailboxHoursStore>(*db_);
    keeper_ = std::make_unique<MailboxHoursKeeper>(
        MailboxHoursKeeper::Deps{
            *store_, metrics_, clock_, [this] { return settings_; }, nullptr,
            ewsHoursRead(
                [this](const ExchangeServer& server, const std::string& mailbox) {
                  reads_.push_back(server.name + " " + mailbox);
                  auto it = answers_.find(mailbox);
                  return it == answers_.end() ? WorkingHoursRead(std::optional(tokyoHours()))
                                              : it->second;
                },
                zones(), clock_),
            log::Id::kEws},
        MailboxHoursKeeper::Options{});
  }

  void add(const std::string& id, const std::string& mailbox, const std::string& from,
           bool revoked = false) {
    testsupport::addRegistrationRow(*db_, {id, mailbox, 1, 0, "", revoked, from});
  }

  testsupport::FakeClock clock_{kNow};
  Metrics metrics_;
  std::shared_ptr<const Settings> settings_;
  std::unique_ptr<MailboxHoursStore> store_;
  std::unique_ptr<MailboxHoursKeeper> keeper_;
  std::vector<std::string> reads_;
  std::map<std::string, WorkingHoursRead> answers_;
};

TEST_F(MailboxHoursKeeperTest, ReadsEachMailboxThatAsksOnceAndAgainTheNextDay) {
  add("a1", "alice@contoso.com", "mailbox");
  add("a2", "alice@contoso.com", "mailbox");  // a second device of the same mailbox
  add("b", "bob@contoso.com", "registration");
  add("c", "carol@contoso.com", "mailbox", /*revoked=*/true);
  EXPECT_EQ(keeper_->runOnce(), 1);
  EXPECT_EQ(reads_, std::vector<std::string>{"mail1 alice@contoso.com"});
  const MailboxHours h = valueOf(store_->find("alice@contoso.com"));
  EXPECT_EQ(h.state, MailboxHours::State::kFound);
  EXPECT_TRUE(isJapanTime(h.timeZone)) << h.timeZone;
  EXPECT_EQ(store_->find("bob@contoso.com").error().code(), StatusCode::kNotFound);

  clock_.advance(hours(23));
  EXPECT_EQ(keeper_->runOnce(), 0);  // read today already
  clock_.advance(hours(2) + minutes(1));
  EXPECT_EQ(keeper_->runOnce(), 1);
  EXPECT_EQ(reads_.size(), 2u);
  EXPECT_EQ(metrics_.counter("enp_mailbox_hours_reads_total{outcome=\"found\"}").value(), 2);
}

TEST_F(MailboxHoursKeeperTest, RecordsNoneFailuresAndMailboxesNoServerServes) {
  add("b", "bob@contoso.com", "mailbox");
  add("c", "carol@contoso.com", "mailbox");
  add("x", "xavier@elsewhere.example", "mailbox");
  answers_.emplace("bob@contoso.com", WorkingHoursRead(std::optional<ews::WorkingHours>()));
  answers_.emplace("carol@contoso.com",
                   WorkingHoursRead(Status::unavailable("Exchange is unreachable")));
  EXPECT_EQ(keeper_->runOnce(), 3);
  EXPECT_EQ(valueOf(store_->find("bob@contoso.com")).state, MailboxHours::State::kNone);
  const MailboxHours carol = valueOf(store_->find("carol@contoso.com"));
  EXPECT_EQ(carol.state, MailboxHours::State::kFailed);
  EXPECT_EQ(carol.error, "Exchange is unreachable");
  const MailboxHours xavier = valueOf(store_->find("xavier@elsewhere.example"));
  EXPECT_EQ(xavier.state, MailboxHours::State::kFailed);
  EXPECT_NE(xavier.error.find("elsewhere.example"), std::string::npos) << xavier.error;
  EXPECT_EQ(reads_.size(), 2u);  // ENP never asks a server for a domain it does not serve

  answers_.erase("carol@contoso.com");
  clock_.advance(kRetry);
  EXPECT_EQ(keeper_->runOnce(), 2);  // carol and xavier, after their back-off
  EXPECT_EQ(valueOf(store_->find("carol@contoso.com")).state, MailboxHours::State::kFound);
}

TEST_F(MailboxHoursKeeperTest, RecheckMakesAMailboxDueNow) {
  add("a", "alice@contoso.com", "mailbox");
  EXPECT_EQ(keeper_->runOnce(), 1);
  EXPECT_EQ(keeper_->runOnce(), 0);
  ASSERT_OK(store_->recheck("alice@contoso.com"));
  EXPECT_EQ(keeper_->runOnce(), 1);
}

}  // namespace
}  // namespace enp
