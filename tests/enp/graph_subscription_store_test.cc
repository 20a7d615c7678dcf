// The Graph subscriptions table: which registrations the Graph keeper finds due.
#include "enp/store/graph_subscription_store.h"

#include <gtest/gtest.h>

#include "registration_rows.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

using testsupport::valueOf;

class GraphSubscriptionStoreTest : public TempDatabaseTest {
 protected:
  void add(const std::string& id, const std::string& mailbox, int64_t createdAt,
           bool revoked = false) {
    testsupport::addRegistrationRow(*db_, {id, mailbox, createdAt, 0, "", revoked});
  }

  GraphSubscriptionRecord record(const std::string& id, int64_t nextCheckAt) {
    GraphSubscriptionRecord r;
    r.registrationId = id;
    r.tenant = "online";
    r.state = GraphSubscriptionState::kActive;
    r.subscriptionId = "sub-" + id;
    r.nextCheckAt = nextCheckAt;
    return r;
  }

  std::vector<std::string> due(int64_t now, std::optional<int64_t> createdSince, int limit = 100) {
    std::vector<std::string> ids;
    for (const GraphWatched& w :
         valueOf(GraphSubscriptionStore(*db_).due(now, limit, {"contoso.com"}, createdSince))) {
      ids.push_back(w.registrationId);
      EXPECT_EQ(w.record.has_value(), w.registrationId.find("rec") != std::string::npos)
          << w.registrationId;
    }
    return ids;
  }
};

TEST_F(GraphSubscriptionStoreTest, NewRegistrationsOfTheDomainsFirstThenDueRecords) {
  add("old", "old@contoso.com", 100);
  add("rec-due", "due@contoso.com", 100);
  add("rec-later", "later@contoso.com", 100);
  add("new", "new@contoso.com", 2000);
  add("ews", "ews@fabrikam.com", 2000);
  add("gone", "gone@contoso.com", 2000, /*revoked=*/true);
  GraphSubscriptionStore store(*db_);
  ASSERT_OK(store.save(record("rec-due", 900)));
  ASSERT_OK(store.save(record("rec-later", 5000)));
  EXPECT_EQ(due(1000, std::nullopt), (std::vector<std::string>{"old", "new", "rec-due"}));
  EXPECT_EQ(due(1000, 2000), (std::vector<std::string>{"new", "rec-due"}));
  EXPECT_EQ(due(1000, 2001), (std::vector<std::string>{"rec-due"}));
  EXPECT_EQ(due(800, 0), (std::vector<std::string>{"old", "new"}));
  EXPECT_EQ(due(1000, 0, 1), (std::vector<std::string>{"old"}));
  EXPECT_EQ(due(6000, 2001), (std::vector<std::string>{"rec-due", "rec-later"}));
}

TEST_F(GraphSubscriptionStoreTest, CountsLeaveOutRevokedRegistrations) {
  add("a", "a@contoso.com", 1);
  add("b", "b@contoso.com", 1);
  add("c", "c@contoso.com", 1);
  add("gone", "gone@contoso.com", 1, /*revoked=*/true);
  add("gone-old", "old@contoso.com", 1, /*revoked=*/true);
  GraphSubscriptionStore store(*db_);
  GraphSubscriptionRecord b = record("b", 1);
  b.tenant = "other";
  GraphSubscriptionRecord c = record("c", 1);
  c.state = GraphSubscriptionState::kFailing;
  GraphSubscriptionRecord old = record("gone-old", 1);
  old.tenant = "old";
  ASSERT_OK(store.save({record("a", 1), b, c, record("gone", 1), old}));
  const auto byTenant = valueOf(store.countByTenant());
  EXPECT_EQ(byTenant.size(), 2u) << "no tenant left with only revoked registrations";
  EXPECT_EQ(byTenant.at("online").at(GraphSubscriptionState::kActive), 1);
  EXPECT_EQ(byTenant.at("online").at(GraphSubscriptionState::kFailing), 1);
  EXPECT_EQ(byTenant.at("other").at(GraphSubscriptionState::kActive), 1);
}

TEST_F(GraphSubscriptionStoreTest, NoDomainsNoLook) {
  add("a", "a@contoso.com", 1);
  EXPECT_TRUE(valueOf(GraphSubscriptionStore(*db_).due(1000, 100, {})).empty());
}

}  // namespace
}  // namespace enp
