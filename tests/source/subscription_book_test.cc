// What the callback path knows of ENP's subscriptions: which one is current, and the watermark
// chain of each.
#include "enp/source/ews/subscription_book.h"

#include <gtest/gtest.h>

#include "registration_rows.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

class SubscriptionBookTest : public TempDatabaseTest {
 protected:
  SubscriptionRecord record(SubscriptionState state, const std::string& id) {
    SubscriptionRecord r;
    r.registrationId = "r1";
    r.state = state;
    r.subscriptionId = id;
    return r;
  }
};

TEST_F(SubscriptionBookTest, OnlyAnActiveSubscriptionOfEnpSupersedesOthers) {
  testsupport::addRegistrationRow(*db_, {"r1", "", 1, 0, "", false});
  SubscriptionStore store(*db_);
  SubscriptionBook book(store);
  EXPECT_FALSE(book.superseded("r1", "s1"));  // no record: the app's subscriptions
  book.saved(record(SubscriptionState::kAppManaged, ""));
  EXPECT_FALSE(book.superseded("r1", "s1"));
  book.saved(record(SubscriptionState::kResubscribing, "s1"));
  EXPECT_FALSE(book.superseded("r1", "s2"));  // s2 may be the one being made
  book.saved(record(SubscriptionState::kActive, "s2"));
  EXPECT_TRUE(book.superseded("r1", "s1"));
  EXPECT_FALSE(book.superseded("r1", "s2"));
  EXPECT_FALSE(book.superseded("r1", ""));
}

TEST_F(SubscriptionBookTest, AFreshBookReadsTheStoredRecord) {
  testsupport::addRegistrationRow(*db_, {"r1", "", 1, 0, "", false});
  SubscriptionStore store(*db_);
  ASSERT_OK(store.save(record(SubscriptionState::kActive, "s2")));
  SubscriptionBook book(store);
  EXPECT_TRUE(book.superseded("r1", "s1"));
  EXPECT_FALSE(book.superseded("r1", "s2"));
}

TEST_F(SubscriptionBookTest, AStartingWatermarkDoesNotReplaceANotificationsWatermark) {
  SubscriptionStore store(*db_);
  SubscriptionBook book(store);
  book.started("s1", "w1");
  EXPECT_EQ(book.kept("s1"), "w1");
  book.keep("s1", "w2");
  EXPECT_EQ(book.kept("s1"), "w2");
  book.keep("s2", "w7");
  book.started("s2", "w5");  // the answer read after the first notification
  EXPECT_EQ(book.kept("s2"), "w7");
  book.keep("s2", "");
  EXPECT_EQ(book.kept("s2"), "w7");
}

}  // namespace
}  // namespace enp
