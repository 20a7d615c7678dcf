// End to end: Exchange push -> ENP -> GetItem (impersonated) -> rules -> JWT -> CNS.
#include <Poco/JSON/Object.h>

#include "pipeline_fixture.h"

namespace itest {
namespace {

using std::chrono::seconds;

TEST_F(PipelineTest, NewMailReachesCnsAsVerifiedJwt) {
  addMail("item-1", "Budget for Q3");
  auto outcome = pushNewMail(reg_.callbackUrl, "item-1");
  ASSERT_EQ(outcome.status, fakes::PushOutcome::Status::kOk) << outcome.lastError;
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();

  auto pushes = cns_->pushes();
  ASSERT_EQ(pushes.size(), 1u);
  const auto& p = pushes[0];
  EXPECT_EQ(p.sub(), kDeviceToken);
  EXPECT_EQ(p.claims->getValue<std::string>("iss"), "org-contoso");
  EXPECT_EQ(p.header->getValue<std::string>("alg"), "HS256");
  auto n = p.notification();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->getValue<std::string>("kind"), "mail");
  EXPECT_EQ(n->getObject("from")->getValue<std::string>("address"), "bob@fabrikam.com");
  EXPECT_EQ(n->getObject("from")->getValue<std::string>("name"), "Bob Builder");
  EXPECT_EQ(n->getValue<std::string>("subject"), "Budget for Q3");
  EXPECT_EQ(n->getValue<std::string>("snippet"), "Hello Alice, the budget for Q3 is attached.");
  EXPECT_EQ(n->getValue<std::string>("importance"), "High");

  // What ENP asked Exchange: impersonating the mailbox, anchored to it.
  auto requests = exchange_->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].mailbox, kMailbox);
  EXPECT_EQ(requests[0].anchorMailbox, kMailbox);
  EXPECT_EQ(requests[0].itemIds, std::vector<std::string>{"item-1"});
  EXPECT_EQ(exchange_->counters().anchorMismatches, 0u);

  expectLog("] delivered: ");
  std::string m = metrics();
  EXPECT_EQ(metricValue(m, "enp_events_finished_total{state=\"delivered\"}"), 1);
  EXPECT_EQ(metricValue(m, "enp_notify_requests_total{result=\"ok\"}"), 1);
}

TEST_F(PipelineTest, MeetingRequestIsNotifiedAsMeeting) {
  fakes::FakeItem item;
  item.id = "meeting-1";
  item.kind = fakes::ItemKind::kMeetingRequest;
  item.from = {"Carol", "carol@contoso.com", "SMTP", "Mailbox"};
  item.subject = "Competitive analysis: kick off meeting";
  item.body = "Agenda attached";
  item.received = nowXsDateTime();
  exchange_->addItem(kMailbox, item);
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "meeting-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  auto n = cns_->pushes()[0].notification();
  EXPECT_EQ(n->getValue<std::string>("kind"), "meeting");
  EXPECT_EQ(n->getValue<std::string>("subject"), "Competitive analysis: kick off meeting");
}

TEST_F(PipelineTest, InternalExSenderIsReportedWithSmtpAddress) {
  fakes::FakeItem item;
  item.id = "ex-1";
  item.from = {"Dave Internal", "/O=CONTOSO/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=DAVE",
               "EX", "Mailbox"};
  item.senderSmtpAddress = "dave@contoso.com";
  item.subject = "Internal";
  item.body = "from inside";
  item.received = nowXsDateTime();
  exchange_->addItem(kMailbox, item);
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "ex-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  auto from = cns_->pushes()[0].notification()->getObject("from");
  EXPECT_EQ(from->getValue<std::string>("address"), "dave@contoso.com");
  EXPECT_EQ(from->getValue<std::string>("name"), "Dave Internal");
}

TEST_F(PipelineTest, RulesSuppressOutsideWorkHoursAndRecordWhy) {
  auto quiet = registerMailbox("quiet@contoso.com", outsideWorkHoursNow());
  exchange_->addMailbox("quiet@contoso.com");
  addMail("late-1", "After hours", "quiet@contoso.com");
  ASSERT_EQ(pushNewMail(quiet.callbackUrl, "late-1").status, fakes::PushOutcome::Status::kOk);
  expectLog("] suppressed: ");
  EXPECT_EQ(cns_->counters().requests, 0u);
  EXPECT_EQ(metricValue(metrics(), "enp_events_finished_total{state=\"suppressed\"}"), 1);
}

}  // namespace
}  // namespace itest
