// The queue browser: dead letters listed and requeued, waiting mail retried now, audited.
#include "admin_fixture.h"

namespace itest {
namespace {

using std::chrono::seconds;

TEST_F(AdminTest, ADeadLetterIsListedAndRequeuedOnceCnsIsFixed) {
  addMail("dl-1", "Refused once");
  cns_->script(fakes::CnsScriptedAnswer::badRequest());
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "dl-1").status, fakes::PushOutcome::Status::kOk);
  expectLog("] dead: ");
  auto r = admin_->call("GET", "/api/v1/admin/queue?state=dead");
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = parseObject(r.body);
  EXPECT_EQ(o->getValue<int>("count"), 1);
  auto entries = o->getArray("entries");
  ASSERT_EQ(entries->size(), 1u) << r.body;
  auto e = entries->getObject(0);
  EXPECT_EQ(e->getValue<std::string>("mailbox"), "alice@contoso.com");
  EXPECT_EQ(e->getValue<std::string>("itemId"), "dl-1");
  EXPECT_NE(e->getValue<std::string>("lastError").find("400"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("Refused once"), std::string::npos) << "no mail content";
  EXPECT_EQ(parseObject(admin_->call("GET", "/api/v1/admin/queue").body)->getValue<int>("count"),
            0);

  // CNS answers again (the script was one answer): requeue it.
  r = admin_->call("POST", "/api/v1/admin/queue/requeue",
                   R"({"ids":[)" + std::to_string(e->getValue<int64_t>("id")) + "]}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<int>("requeued"), 1);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  EXPECT_EQ(parseObject(admin_->call("GET", "/api/v1/admin/queue?state=dead").body)
                ->getValue<int>("count"),
            0);
  EXPECT_TRUE(audited("queue.requeue", "queue"));
  // Requeuing again finds nothing: a dead letter is pushed once.
  r = admin_->call("POST", "/api/v1/admin/queue/requeue", "{}");
  EXPECT_EQ(parseObject(r.body)->getValue<int>("requeued"), 0);
}

TEST_F(AdminTest, WaitingMailIsRetriedNowInsteadOfAtItsBackOff) {
  addMail("w-1", "Waits an hour");
  cns_->script(fakes::CnsScriptedAnswer::serviceUnavailable(3600));
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "w-1").status, fakes::PushOutcome::Status::kOk);
  expectLog("attempt 1 failed, retry in ");
  auto o = parseObject(admin_->call("GET", "/api/v1/admin/queue?state=queued").body);
  ASSERT_EQ(o->getValue<int>("count"), 1);
  auto e = o->getArray("entries")->getObject(0);
  EXPECT_GT(e->getValue<int64_t>("nextAttemptAt"), e->getValue<int64_t>("createdAt") + 1800'000);
  EXPECT_EQ(e->getValue<int>("attempts"), 1);

  auto r = admin_->call("POST", "/api/v1/admin/queue/retry", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<int>("retried"), 1);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  EXPECT_TRUE(audited("queue.retry", "queue"));
}

TEST_F(AdminTest, QueueRequestsAreChecked) {
  EXPECT_EQ(admin_->call("GET", "/api/v1/admin/queue?state=delivered").status, 400);
  EXPECT_EQ(admin_->call("GET", "/api/v1/admin/queue?before=x").status, 400);
  EXPECT_EQ(admin_->call("POST", "/api/v1/admin/queue/retry", R"({"ids":[]})").status, 400);
  EXPECT_EQ(admin_->call("POST", "/api/v1/admin/queue/retry", R"({"ids":["1"]})").status, 400);
  EXPECT_EQ(admin_->call("POST", "/api/v1/admin/queue/requeue", R"({"ids":[-4]})").status, 400);
  // A change needs the CSRF token like every other.
  EXPECT_EQ(admin_->call("POST", "/api/v1/admin/queue/retry", "{}", false).status, 403);
}

}  // namespace
}  // namespace itest
