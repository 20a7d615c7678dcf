// DESIGN §6.2: Exchange repeats itself; a device hears of a mail once. Unknown callbacks end
// the subscription.
#include "pipeline_fixture.h"
#include "send_notification.h"

namespace itest {
namespace {

using std::chrono::seconds;

TEST_F(PipelineTest, UnknownTokenAnswersUnsubscribe) {
  std::string url = daemon_->publicBase() + "/ews/notify/not-a-registered-token";
  auto outcome = pushNewMail(url, "item-x");
  EXPECT_EQ(outcome.status, fakes::PushOutcome::Status::kUnsubscribe);
  EXPECT_EQ(metricValue(metrics(), "enp_notify_requests_total{result=\"unsubscribe\"}"), 1);
}

TEST_F(PipelineTest, RevokedRegistrationAnswersUnsubscribe) {
  // A first callback while active, so the token is known to the daemon before the revocation.
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "item-w").status, fakes::PushOutcome::Status::kOk);
  auto r = httpRequest("DELETE", daemon_->publicBase() + "/api/v1/registrations/" + reg_.id, "", "",
                       {{"Authorization", "Bearer " + reg_.secret}});
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(pushNewMail(reg_.callbackUrl, "item-x").status,
            fakes::PushOutcome::Status::kUnsubscribe);
}

TEST_F(PipelineTest, SameMailNotifiedManyWaysIsPushedOnce) {
  addMail("dup-1", "Once only");
  // CreatedEvent + NewMailEvent in one notification (pushNewMail sends both) ...
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "dup-1", "sub-1").status,
            fakes::PushOutcome::Status::kOk);
  // ... Exchange's retry of the same notification ...
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "dup-1", "sub-1").status,
            fakes::PushOutcome::Status::kOk);
  // ... and a second, overlapping subscription.
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "dup-1", "sub-2").status,
            fakes::PushOutcome::Status::kOk);
  // A later, different mail is the sync point: once it is pushed, the duplicates had their chance.
  addMail("dup-2", "Second");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "dup-2").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(30))) << daemon_->log();
  expectLog("] delivered: ", 2);
  EXPECT_EQ(cns_->counters().accepted, 2u);
  EXPECT_EQ(cns_->distinctJtis(), 2u);
  EXPECT_EQ(cns_->counters().duplicates, 0u);
  EXPECT_EQ(exchange_->counters().getItems, 2u);
  std::string m = metrics();
  EXPECT_EQ(metricValue(m, "enp_events_queued_total"), 2);
  EXPECT_EQ(metricValue(m, "enp_events_duplicate_total"), 2);
}

TEST_F(PipelineTest, HeartbeatRefreshesLastSeenAndPushesNothing) {
  fakes::Notification n;
  n.subscriptionId = "sub-1";
  n.previousWatermark = fakes::makeWatermark(1);
  n.events.push_back(fakes::statusEvent(fakes::makeWatermark(2)));
  ASSERT_EQ(pushXml(reg_.callbackUrl, fakes::buildSendNotification(n)).status,
            fakes::PushOutcome::Status::kOk);
  EXPECT_EQ(metricValue(metrics(), "enp_heartbeats_total"), 1);
  EXPECT_EQ(metricValue(metrics(), "enp_events_queued_total"), 0);
  auto r = httpRequest("GET", daemon_->publicBase() + "/api/v1/registrations/" + reg_.id, "", "",
                       {{"Authorization", "Bearer " + reg_.secret}});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"lastSeenAt\""), std::string::npos) << r.body;
  EXPECT_EQ(exchange_->counters().getItems, 0u);
  EXPECT_EQ(cns_->counters().requests, 0u);
}

TEST_F(PipelineTest, ErrorNotificationIsAcknowledged) {
  auto outcome = pushXml(reg_.callbackUrl, fakes::buildSendNotificationError("sub-1"));
  EXPECT_EQ(outcome.status, fakes::PushOutcome::Status::kOk);
  expectLog("ErrorReadEventsFailed");
}

}  // namespace
}  // namespace itest
