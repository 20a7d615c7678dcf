// Where a Graph mailbox's next catch-up starts: the delta link saved per registration and tenant.
#include <gtest/gtest.h>

#include "enp/store/graph_subscription_store.h"
#include "registration_rows.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

using testsupport::valueOf;

class GraphDeltaLinkTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    testsupport::RegistrationRow row;
    row.id = "reg-1";
    row.mailbox = "alice@contoso.com";
    testsupport::addRegistrationRow(*db_, row);
  }
  GraphSubscriptionStore& store() {
    if (!store_) {
      store_ = std::make_unique<GraphSubscriptionStore>(*db_);
    }
    return *store_;
  }
  std::unique_ptr<GraphSubscriptionStore> store_;
};

TEST_F(GraphDeltaLinkTest, TheLastLinkIsKeptForItsTenantOnly) {
  EXPECT_EQ(valueOf(store().deltaLink("reg-1", "online")), "");
  const std::string first =
      "https://graph.microsoft.com/v1.0/users/alice@contoso.com/"
      "mailFolders('Inbox')/messages/delta?$deltatoken=a1";
  ASSERT_TRUE(store().saveDeltaLink("reg-1", "online", first, 10).ok());
  EXPECT_EQ(valueOf(store().deltaLink("reg-1", "online")), first);
  // A link of another tenant is not one to start from.
  EXPECT_EQ(valueOf(store().deltaLink("reg-1", "other")), "");
  ASSERT_TRUE(store().saveDeltaLink("reg-1", "online", first + "b2", 20).ok());
  EXPECT_EQ(valueOf(store().deltaLink("reg-1", "online")), first + "b2");
  // "" forgets it.
  ASSERT_TRUE(store().saveDeltaLink("reg-1", "online", "", 30).ok());
  EXPECT_EQ(valueOf(store().deltaLink("reg-1", "online")), "");
}

TEST_F(GraphDeltaLinkTest, ItGoesWithItsRegistration) {
  ASSERT_TRUE(store().saveDeltaLink("reg-1", "online", "https://graph/x", 10).ok());
  {
    auto g = db_->writer();
    g.db.exec("DELETE FROM registrations WHERE id = 'reg-1'");
  }
  EXPECT_EQ(valueOf(store().deltaLink("reg-1", "online")), "");
  // A link for a registration that does not exist is refused by the foreign key.
  EXPECT_FALSE(store().saveDeltaLink("reg-2", "online", "https://graph/x", 10).ok());
}

}  // namespace
}  // namespace enp
