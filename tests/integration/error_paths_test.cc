// DESIGN §6.3: every failure has a policy.

#include "pipeline_fixture.h"
#include "send_notification.h"

namespace itest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Kind = fakes::ScriptedAnswer::Kind;

TEST_F(PipelineTest, ServerBusyWaitsThenSucceeds) {
  addMail("busy-1", "Busy");
  exchange_->script(fakes::ScriptedAnswer::serverBusy(milliseconds(1500)));
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "busy-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  // The retry came no sooner than Exchange's BackOffMilliseconds asked.
  EXPECT_GE(std::chrono::steady_clock::now() - t0, milliseconds(1500));
  EXPECT_EQ(exchange_->counters().getItems, 2u);
  EXPECT_EQ(metricValue(metrics(), "enp_events_retried_total"), 1);
}

TEST_F(PipelineTest, ItemGoneIsDroppedAndRecorded) {
  // No such item in the mailbox: Exchange answers ErrorItemNotFound.
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "gone-1").status, fakes::PushOutcome::Status::kOk);
  expectLog("] dropped: the mail was gone");
  EXPECT_EQ(cns_->counters().requests, 0u);
  EXPECT_EQ(metricValue(metrics(), "enp_events_finished_total{state=\"dropped\"}"), 1);
}

TEST_F(PipelineTest, ImpersonationDeniedAlertsAndRetriesLater) {
  addMail("deny-1", "Denied");
  exchange_->restrictImpersonationTo({"someone-else@contoso.com"});
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "deny-1").status, fakes::PushOutcome::Status::kOk);
  expectLog("ALERT exchange-auth");
  expectLog("attempt 1 failed, retry in ");  // about 5 minutes (retry_policy_test)
  EXPECT_EQ(cns_->counters().requests, 0u);
  EXPECT_EQ(metricValue(metrics(), "enp_alerts_total{kind=\"exchange-auth\"}"), 1);
  EXPECT_EQ(metricValue(metrics(), "enp_queue_depth"), 1);  // kept, not lost
}

TEST_F(PipelineTest, ExchangeUnauthorizedAlertsAndRetriesLater) {
  addMail("401-1", "Unauthorized");
  exchange_->script(fakes::ScriptedAnswer::of(Kind::kUnauthorized));
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "401-1").status, fakes::PushOutcome::Status::kOk);
  expectLog("ALERT exchange-auth");
  EXPECT_EQ(cns_->counters().requests, 0u);
  EXPECT_EQ(metricValue(metrics(), "enp_queue_depth"), 1);
}

TEST_F(PipelineTest, CnsUnavailableIsRetriedUntilAccepted) {
  addMail("cns-503", "Retry me");
  cns_->script(fakes::CnsScriptedAnswer::serviceUnavailable(1));
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "cns-503").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  EXPECT_EQ(cns_->counters().requests, 2u);
  EXPECT_EQ(cns_->counters().scripted, 1u);
  EXPECT_EQ(cns_->distinctJtis(), 1u);
  EXPECT_EQ(cns_->counters().duplicates, 0u);
}

TEST_F(PipelineTest, CnsUnauthorizedIsDeadLettered) {
  addMail("cns-401", "Refused");
  cns_->script(fakes::CnsScriptedAnswer::unauthorized());
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "cns-401").status, fakes::PushOutcome::Status::kOk);
  expectLog("] dead: ");
  EXPECT_EQ(cns_->counters().requests, 1u);
  std::string m = metrics();
  EXPECT_EQ(metricValue(m, "enp_alerts_total{kind=\"cns\"}"), 1);
  EXPECT_EQ(metricValue(m, "enp_events_finished_total{state=\"dead\"}"), 1);
  EXPECT_EQ(metricValue(m, "enp_queue_depth"), 0);
}

TEST_F(PipelineTest, ACallbackTheDatabaseCannotLookUpIsRefusedNotUnsubscribed) {
  addMail("db-1", "After the outage");
  auto renameRegistrations = [&](const char* from, const char* to) {
    daemon_->execSql(std::string("ALTER TABLE ") + from + " RENAME TO " + to);
  };
  renameRegistrations("registrations", "registrations_away");
  fakes::Notification n;
  n.subscriptionId = "sub-1";
  n.previousWatermark = fakes::makeWatermark(1);
  n.events.push_back(
      fakes::newMailEvent("db-1", "inbox-folder-id", fakes::makeWatermark(2), nowXsDateTime()));
  fakes::PushOptions options;
  options.secondLength = milliseconds(10);
  options.statusFrequencyMinutes = 1;  // a short retry schedule
  const fakes::PushOutcome refused =
      exchange_->push(reg_.callbackUrl, fakes::buildSendNotification(n), options);
  // Not Unsubscribe: that would end the subscription for good over a passing failure.
  EXPECT_EQ(refused.status, fakes::PushOutcome::Status::kFailed);
  EXPECT_EQ(refused.lastHttpStatus, 500);
  expectLog("callback look-up failed");
  EXPECT_GE(metricValue(metrics(), "enp_notify_requests_total{result=\"lookup_failed\"}"), 1);

  renameRegistrations("registrations_away", "registrations");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "db-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
}

}  // namespace
}  // namespace itest
