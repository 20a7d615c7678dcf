// DESIGN §6.1: nothing acknowledged is lost, even to kill -9.
#include "pipeline_fixture.h"

namespace itest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_F(PipelineTest, KillNineAfterAckDeliversAfterRestart) {
  addMail("crash-1", "Survives a crash");
  // Exchange hangs on GetItem: the event is acknowledged but CNS cannot have been called.
  exchange_->script(fakes::ScriptedAnswer::delayed(seconds(20)));
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "crash-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(exchange_->waitForGetItems(1, seconds(30)));
  daemon_->kill9();
  EXPECT_EQ(cns_->counters().requests, 0u);

  exchange_->clearScript();
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  auto n = cns_->pushes()[0].notification();
  EXPECT_EQ(n->getValue<std::string>("subject"), "Survives a crash");
}

TEST_F(PipelineTest, GracefulStopLeavesUnfinishedWorkQueued) {
  addMail("stop-1", "Across a restart");
  exchange_->script(fakes::ScriptedAnswer::delayed(seconds(3)));
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "stop-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(exchange_->waitForGetItems(1, seconds(30)));
  EXPECT_EQ(daemon_->stop(), 0);
  // The in-flight GetItem finished within the grace period and the push went out, or it is
  // still queued and goes out after the restart: either way exactly one push.
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  // A later mail is the sync point: once it is pushed, a duplicate of the first had its chance.
  addMail("stop-sync", "After the restart");
  ASSERT_EQ(pushNewMail(callbackUrlNow(reg_), "stop-sync").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(30))) << daemon_->log();
  // The jti is the same for the same mail and device, so only these see a second push.
  EXPECT_EQ(cns_->counters().duplicates, 0u);
  EXPECT_EQ(cns_->counters().accepted, 2u);
}

}  // namespace
}  // namespace itest
