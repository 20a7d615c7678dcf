// Who gets in: the per-address cap, the total cap, and the longest-idle connection closed to
// make room.
#include "enp/http/connection_table.h"

#include <gtest/gtest.h>

#include <vector>

namespace enp::http {
namespace {

using Admit = ConnectionTable::Admit;

class ConnectionTableTest : public ::testing::Test {
 protected:
  Admit admit(ConnectionTable& t, const std::string& address, uint64_t* id) {
    bool evicted = false;
    return t.admit(
        address, [this, address] { closed_.push_back(address); }, id, &evicted);
  }
  std::vector<std::string> closed_;
};

TEST_F(ConnectionTableTest, OneAddressCannotTakeMoreThanItsShare) {
  ConnectionTable t({10, 2});
  uint64_t a = 0, b = 0, c = 0, d = 0;
  EXPECT_EQ(admit(t, "10.0.0.1", &a), Admit::kAccepted);
  EXPECT_EQ(admit(t, "10.0.0.1", &b), Admit::kAccepted);
  EXPECT_EQ(admit(t, "10.0.0.1", &c), Admit::kRefusedPerAddress);
  EXPECT_EQ(admit(t, "10.0.0.2", &d), Admit::kAccepted);
  t.remove(a);
  EXPECT_EQ(admit(t, "10.0.0.1", &c), Admit::kAccepted);
  EXPECT_EQ(t.counts().open, 3);
}

TEST_F(ConnectionTableTest, AtTheCapTheLongestIdleConnectionMakesRoom) {
  ConnectionTable t({3, 10});
  uint64_t a = 0, b = 0, c = 0, d = 0, e = 0;
  ASSERT_EQ(admit(t, "a", &a), Admit::kAccepted);
  ASSERT_EQ(admit(t, "b", &b), Admit::kAccepted);
  ASSERT_EQ(admit(t, "c", &c), Admit::kAccepted);
  // Nobody idle: the newcomer is refused.
  EXPECT_EQ(admit(t, "d", &d), Admit::kRefusedTotal);
  t.setIdle(b, true);
  t.setIdle(a, true);
  EXPECT_EQ(t.counts().idle, 2);
  bool evicted = false;
  EXPECT_EQ(t.admit(
                "d", [] {}, &d, &evicted),
            Admit::kAccepted);
  EXPECT_TRUE(evicted);
  EXPECT_EQ(closed_, std::vector<std::string>{"b"});  // idle first, so idle longest
  EXPECT_EQ(t.counts().open, 3);
  EXPECT_EQ(t.counts().idle, 1);
  t.remove(b);  // the evicted connection's own remove is harmless
  EXPECT_EQ(t.counts().open, 3);
  // A connection that became busy again is not evicted.
  t.setIdle(a, false);
  EXPECT_EQ(admit(t, "e", &e), Admit::kRefusedTotal);
}

TEST_F(ConnectionTableTest, CloseAllAsksEveryConnection) {
  ConnectionTable t({10, 10});
  uint64_t a = 0, b = 0;
  admit(t, "a", &a);
  admit(t, "b", &b);
  t.closeAll();
  EXPECT_EQ(closed_.size(), 2u);
}

}  // namespace
}  // namespace enp::http
