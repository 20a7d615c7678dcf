// The subscriptions table: what the keeper finds due, what it saves, what the dashboard counts.
#include "enp/store/subscription_store.h"

#include <gtest/gtest.h>

#include "enp/store/sql/statement.h"
#include "registration_rows.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

using testsupport::valueOf;

class SubscriptionStoreTest : public TempDatabaseTest {
 protected:
  void addRegistration(const std::string& id, int64_t createdAt, int64_t lastSeenAt = 0,
                       const std::string& watermark = "", bool revoked = false) {
    testsupport::addRegistrationRow(*db_, {id, "", createdAt, lastSeenAt, watermark, revoked});
  }

  SubscriptionRecord record(const std::string& id, SubscriptionState state, int64_t nextCheckAt) {
    SubscriptionRecord r;
    r.registrationId = id;
    r.state = state;
    r.subscriptionId = "sub-" + id;
    r.subscribedAt = 5;
    r.nextCheckAt = nextCheckAt;
    r.attempts = 2;
    r.failure = "Exchange unreachable";
    r.affinityCookie = "cookie";
    return r;
  }

  std::vector<std::string> dueIds(int64_t now, int limit = 100) {
    std::vector<std::string> ids;
    for (const auto& w : valueOf(store().due(now, limit))) {
      ids.push_back(w.registrationId);
    }
    return ids;
  }

  SubscriptionStore store() { return SubscriptionStore(*db_); }
};

TEST_F(SubscriptionStoreTest, NewRegistrationsAreDueFirstThenByNextCheck) {
  addRegistration("a", 1);
  addRegistration("b", 2);
  addRegistration("c", 3);
  addRegistration("gone", 4, 0, "", /*revoked=*/true);
  ASSERT_OK(store().save(record("a", SubscriptionState::kActive, 500)));
  ASSERT_OK(store().save(record("b", SubscriptionState::kFailing, 100)));
  EXPECT_EQ(dueIds(50), (std::vector<std::string>{"c"}));
  EXPECT_EQ(dueIds(100), (std::vector<std::string>{"c", "b"}));
  EXPECT_EQ(dueIds(1000), (std::vector<std::string>{"c", "b", "a"}));
  EXPECT_EQ(dueIds(1000, 2), (std::vector<std::string>{"c", "b"}));
}

TEST_F(SubscriptionStoreTest, ALookSinceATimeReadsTheNewRegistrationsSinceAndEveryDueRecord) {
  addRegistration("old", 100);
  addRegistration("old-due", 100);
  addRegistration("old-later", 100);
  addRegistration("new", 2000);
  addRegistration("newer", 3000);
  testsupport::addRegistrationRow(*db_, {"graph", "g@fabrikam.com", 2500, 0, "", false});
  ASSERT_OK(store().save(record("old-due", SubscriptionState::kActive, 50)));
  ASSERT_OK(store().save(record("old-later", SubscriptionState::kActive, 5000)));
  auto since = [&](std::optional<int64_t> createdSince, int limit = 100) {
    std::vector<std::string> ids;
    for (const auto& w : valueOf(store().due(1000, limit, {"fabrikam.com"}, createdSince))) {
      ids.push_back(w.registrationId);
    }
    return ids;
  };
  // Without a record: created at or after the time only; a due record whatever its creation.
  EXPECT_EQ(since(2000), (std::vector<std::string>{"new", "newer", "old-due"}));
  EXPECT_EQ(since(2001), (std::vector<std::string>{"newer", "old-due"}));
  EXPECT_EQ(since(std::nullopt), (std::vector<std::string>{"old", "new", "newer", "old-due"}));
  // The limit counts both parts, the new registrations first.
  EXPECT_EQ(since(0, 2), (std::vector<std::string>{"old", "new"}));
  EXPECT_EQ(since(0, 4), (std::vector<std::string>{"old", "new", "newer", "old-due"}));
  // Once it has a record, a new registration is due by its record alone.
  ASSERT_OK(store().save(record("newer", SubscriptionState::kPending, 4000)));
  EXPECT_EQ(since(2000), (std::vector<std::string>{"new", "old-due"}));
}

TEST_F(SubscriptionStoreTest, DueCarriesWhatCallbacksRefreshAndTheRecord) {
  addRegistration("a", 1, 777, "wm-9");
  addRegistration("b", 2);
  ASSERT_OK(store().save(record("a", SubscriptionState::kStale, 10)));
  const auto due = valueOf(store().due(10, 10));
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].registrationId, "b");
  EXPECT_EQ(due[0].mailbox, "b@contoso.com");
  EXPECT_EQ(due[0].lastSeenAt, 0);
  EXPECT_FALSE(due[0].record);
  EXPECT_EQ(due[1].lastSeenAt, 777);
  EXPECT_EQ(due[1].lastWatermark, "wm-9");
  ASSERT_TRUE(due[1].record);
  EXPECT_EQ(due[1].record->state, SubscriptionState::kStale);
  EXPECT_EQ(due[1].record->subscriptionId, "sub-a");
  EXPECT_EQ(due[1].record->attempts, 2);
  EXPECT_EQ(due[1].record->failure, "Exchange unreachable");
  EXPECT_EQ(due[1].record->affinityCookie, "cookie");
}

TEST_F(SubscriptionStoreTest, SaveReplacesAndFindReadsBack) {
  addRegistration("a", 1);
  EXPECT_EQ(store().find("a").error().code(), StatusCode::kNotFound);
  ASSERT_OK(store().save(record("a", SubscriptionState::kFailing, 10)));
  SubscriptionRecord r = record("a", SubscriptionState::kActive, 20);
  r.attempts = 0;
  r.failure = "";
  ASSERT_OK(store().save(r));
  const SubscriptionRecord back = valueOf(store().find("a"));
  EXPECT_EQ(back.state, SubscriptionState::kActive);
  EXPECT_EQ(back.nextCheckAt, 20);
  EXPECT_EQ(back.attempts, 0);
  EXPECT_EQ(back.failure, "");
}

TEST_F(SubscriptionStoreTest, RecheckAllSkipsMissingMailboxesRecheckOneDoesNot) {
  addRegistration("a", 1);
  addRegistration("m", 2);
  ASSERT_OK(store().save(record("a", SubscriptionState::kActive, 1000)));
  ASSERT_OK(store().save(record("m", SubscriptionState::kMailboxMissing, 1000)));
  ASSERT_OK(store().recheckAll());
  EXPECT_EQ(dueIds(10), (std::vector<std::string>{"a"}));
  ASSERT_OK(store().recheck("m"));
  EXPECT_EQ(dueIds(10), (std::vector<std::string>{"a", "m"}));
  EXPECT_EQ(valueOf(store().find("m")).attempts, 0);
}

TEST_F(SubscriptionStoreTest, CountsActiveRegistrationsByState) {
  addRegistration("a", 1);
  addRegistration("b", 2);
  addRegistration("c", 3);
  addRegistration("gone", 4, 0, "", /*revoked=*/true);
  ASSERT_OK(store().save(record("a", SubscriptionState::kActive, 1)));
  ASSERT_OK(store().save(record("b", SubscriptionState::kActive, 1)));
  ASSERT_OK(store().save(record("c", SubscriptionState::kFailing, 1)));
  ASSERT_OK(store().save(record("gone", SubscriptionState::kActive, 1)));
  const auto counts = valueOf(store().countByState());
  EXPECT_EQ(counts.at(SubscriptionState::kActive), 2);
  EXPECT_EQ(counts.at(SubscriptionState::kFailing), 1);
  EXPECT_EQ(counts.count(SubscriptionState::kStale), 0u);
}

TEST_F(SubscriptionStoreTest, ARevokedRegistrationsRecordGoesWithIt) {
  addRegistration("a", 1);
  ASSERT_OK(store().save(record("a", SubscriptionState::kActive, 1)));
  {
    auto g = db_->writer();
    g.db.exec("DELETE FROM registrations WHERE id = 'a'");
  }
  EXPECT_EQ(store().find("a").error().code(), StatusCode::kNotFound);
}

TEST_F(SubscriptionStoreTest, ADatabaseFailureIsAStoreStatusNotAnException) {
  {
    auto g = db_->writer();
    g.db.exec("DROP TABLE subscriptions");
  }
  EXPECT_EQ(store().due(0, 10).error().code(), StatusCode::kStore);
  EXPECT_EQ(store().save(record("a", SubscriptionState::kActive, 1)).code(), StatusCode::kStore);
  EXPECT_EQ(store().find("a").error().code(), StatusCode::kStore);
  EXPECT_EQ(store().countByState().error().code(), StatusCode::kStore);
}

}  // namespace
}  // namespace enp
