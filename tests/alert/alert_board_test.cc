#include "enp/alert/alert_board.h"

#include <gtest/gtest.h>

#include "enp/alert/alert_catalog.h"
#include "fake_clock.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

using std::chrono::seconds;
using testsupport::valueOf;

class AlertBoardTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    store_ = std::make_unique<AlertStore>(*db_);
    board_ = std::make_unique<AlertBoard>(*store_, clock_, metrics_);
    board_->setOnChange([this] { ++changes_; });
  }
  testsupport::FakeClock clock_;
  Metrics metrics_;
  std::unique_ptr<AlertStore> store_;
  std::unique_ptr<AlertBoard> board_;
  int changes_ = 0;
};

TEST_F(AlertBoardTest, RaisingAgainCountsOneEpisode) {
  board_->raise(alerts::cnsRejects("HTTP 401", ""));
  clock_.advance(seconds(10));
  board_->raise(alerts::cnsRejects("HTTP 403", ""));
  auto firing = board_->firing();
  ASSERT_EQ(firing.size(), 1u);
  EXPECT_EQ(firing[0].key, "cns-rejects");
  EXPECT_EQ(firing[0].count, 2);
  EXPECT_EQ(firing[0].lastSeenAt - firing[0].firstSeenAt, 10000);
  EXPECT_NE(firing[0].summary.find("HTTP 403"), std::string::npos);  // the newest detail
  EXPECT_EQ(changes_, 2);
}

TEST_F(AlertBoardTest, RaiseOnlyChangesMemoryUntilPersisted) {
  board_->raise(alerts::exchangeAuth("mail1", "ErrorImpersonateUserDenied", ""));
  EXPECT_TRUE(valueOf(store_->open()).empty());
  ASSERT_OK(board_->persist());
  auto stored = valueOf(store_->open());
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].key, "exchange-auth:mail1");
  EXPECT_EQ(stored[0].title, "Exchange mail1: impersonation denied");
}

TEST_F(AlertBoardTest, ResolvingAnUnmailedAlertNeedsNoResolvedMail) {
  board_->raise(alerts::cnsUnreachable("timeout"));
  board_->resolve("cns-unreachable");
  board_->resolve("cns-unreachable");  // not firing: nothing happens
  EXPECT_TRUE(board_->firing().empty());
  EXPECT_TRUE(board_->open().empty());
  ASSERT_OK(board_->persist());
  auto history = valueOf(store_->history(10));
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].state, AlertState::kResolved);
}

TEST_F(AlertBoardTest, AMailedAlertStaysOpenUntilItsResolvedMailIsSettled) {
  board_->raise(alerts::cnsRejects("HTTP 401", ""));
  auto open = board_->open();
  ASSERT_EQ(open.size(), 1u);
  board_->markMailed({open[0].ref}, {}, clock_.nowMs());
  board_->resolve("cns-rejects");
  open = board_->open();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].alert.state, AlertState::kResolved);
  board_->markMailed({}, {open[0].ref}, clock_.nowMs());
  ASSERT_OK(board_->persist());
  EXPECT_TRUE(board_->open().empty());
  EXPECT_TRUE(valueOf(store_->open()).empty());
}

TEST_F(AlertBoardTest, OpenAlertsComeBackAfterARestart) {
  board_->raise(alerts::diskSpace("/var/lib/enp", 100, 512));
  ASSERT_OK(board_->persist());
  AlertBoard again(*store_, clock_, metrics_);
  ASSERT_OK(again.load());
  ASSERT_EQ(again.firing().size(), 1u);
  again.raise(alerts::diskSpace("/var/lib/enp", 90, 512));
  EXPECT_EQ(again.firing()[0].count, 2);  // the same episode, not a second one
  ASSERT_OK(again.persist());
  EXPECT_EQ(valueOf(store_->history(10)).size(), 1u);
}

TEST_F(AlertBoardTest, MetricsShowFiringKeys) {
  board_->raise(alerts::exchangeAuth("mail1", "401", ""));
  EXPECT_NE(metrics_.render().find("enp_alerts_firing{key=\"exchange-auth:mail1\"} 1"),
            std::string::npos)
      << metrics_.render();
  board_->resolve("exchange-auth:mail1");
  EXPECT_NE(metrics_.render().find("enp_alerts_firing{key=\"exchange-auth:mail1\"} 0"),
            std::string::npos);
}

TEST_F(AlertBoardTest, AWorseSeverityIsMailedAgain) {
  board_->raise(alerts::certificateExpiry("public", "/etc/enp/tls/public.pem", 5, "2026-12-05"));
  auto open = board_->open();
  board_->markMailed({open[0].ref}, {}, clock_.nowMs());
  EXPECT_NE(board_->open()[0].alert.mailedAt, 0);
  board_->raise(alerts::certificateExpiry("public", "/etc/enp/tls/public.pem", -1, "2026-12-05"));
  EXPECT_EQ(board_->open()[0].alert.severity, Severity::kCritical);
  EXPECT_EQ(board_->open()[0].alert.mailedAt, 0);
}

TEST_F(AlertBoardTest, AStoreFailureKeepsTheAlertInMemory) {
  board_->raise(alerts::databaseCommit("disk I/O error"));
  {
    auto g = db_->writer();
    g.db.exec("DROP TABLE alerts");
  }
  EXPECT_EQ(board_->persist().code(), StatusCode::kStore);
  EXPECT_EQ(board_->firing().size(), 1u);
  EXPECT_EQ(board_->open().size(), 1u);
}

}  // namespace
}  // namespace enp
