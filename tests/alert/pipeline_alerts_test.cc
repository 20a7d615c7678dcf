// The pipeline's alerts for Graph tenants: raised from what reading mail through Graph meets
// (a token refused, a credential ENP cannot present, Graph's 403, Graph down for everyone), and
// cleared by the next message read.
#include "enp/alert/pipeline_alerts.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "enp/alert/alert_catalog.h"
#include "fake_clock.h"
#include "temp_database.h"

namespace enp {
namespace {

Failure graphFailure(FailureKind kind, const std::string& detail, const std::string& advice = "") {
  Failure f;
  f.kind = kind;
  f.system = "graph";
  f.detail = detail;
  f.advice = advice;
  return f;
}

class PipelineAlertsTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    store_ = std::make_unique<AlertStore>(*db_);
    board_ = std::make_unique<AlertBoard>(*store_, clock_, metrics_);
    alerts_ = std::make_unique<PipelineAlerts>(*board_);
  }
  std::vector<std::string> firing() const {
    std::vector<std::string> keys;
    for (const Alert& a : board_->firing()) {
      keys.push_back(a.key);
    }
    std::sort(keys.begin(), keys.end());
    return keys;
  }
  testsupport::FakeClock clock_;
  Metrics metrics_;
  std::unique_ptr<AlertStore> store_;
  std::unique_ptr<AlertBoard> board_;
  std::unique_ptr<PipelineAlerts> alerts_;
};

TEST_F(PipelineAlertsTest, ARefusedGraphTokenRaisesTheTenantsAuthAlertWithItsAdvice) {
  alerts_->onFailure(
      graphFailure(FailureKind::kAuth, "token: 401 AADSTS7000215: Invalid client secret provided.",
                   "enter the secret's Value, not its ID"),
      "graph:online", false);
  ASSERT_EQ(firing(), std::vector<std::string>{"graph-auth:online"});
  const Alert a = board_->firing()[0];
  EXPECT_EQ(a.title, "Graph online: sign-in refused");
  EXPECT_NE(a.summary.find("AADSTS7000215"), std::string::npos);
  EXPECT_EQ(a.advice, "Enter the secret's Value, not its ID.");
}

TEST_F(PipelineAlertsTest, AnUnreadableCertificateAndGraphsForbiddenRaiseItToo) {
  alerts_->onFailure(graphFailure(FailureKind::kNotConfigured, "token: cannot read /x.key"),
                     "graph:online", false);
  alerts_->onFailure(graphFailure(FailureKind::kAuth, "HTTP 403 ErrorAccessDenied"), "graph:other",
                     false);
  EXPECT_EQ(firing(), (std::vector<std::string>{"graph-auth:online", "graph-auth:other"}));
  for (const Alert& a : board_->firing()) {
    EXPECT_EQ(a.title, a.key == "graph-auth:other" ? "Graph other: access refused"
                                                   : "Graph online: sign-in refused");
  }
}

TEST_F(PipelineAlertsTest, GraphUnreachableRaisesOnlyOnceItsQueueIsHeld) {
  const Failure down = graphFailure(FailureKind::kUnreachable, "graph.microsoft.com: timeout");
  alerts_->onFailure(down, "graph:online", false);
  EXPECT_TRUE(firing().empty());
  alerts_->onFailure(down, "graph:online", true);
  EXPECT_EQ(firing(), std::vector<std::string>{"graph-unreachable:online"});
}

TEST_F(PipelineAlertsTest, AMessageReadClearsTheTenantsAlertsOnly) {
  alerts_->onFailure(graphFailure(FailureKind::kAuth, "token: refused"), "graph:online", false);
  alerts_->onFailure(graphFailure(FailureKind::kUnreachable, "timeout"), "graph:online", true);
  alerts_->onFailure(graphFailure(FailureKind::kAuth, "token: refused"), "graph:other", false);
  alerts_->onSuccess("graph:online");
  EXPECT_EQ(firing(), std::vector<std::string>{"graph-auth:other"});
}

TEST_F(PipelineAlertsTest, AMailThatIsGoneRaisesNothing) {
  alerts_->onFailure(graphFailure(FailureKind::kItemGone, "HTTP 404 ErrorItemNotFound"),
                     "graph:online", false);
  EXPECT_TRUE(firing().empty());
}

}  // namespace
}  // namespace enp
