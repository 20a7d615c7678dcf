// Two Exchange servers, one slow to answer: the slots its requests hold while it takes its
// time are not the other server's wait. Its mail is read and pushed while every slot is held,
// as many batches of it at once as its share of the slots.
#include <chrono>
#include <memory>
#include <string>

#include "pipeline_fixture.h"

namespace itest {
namespace {

using std::chrono::seconds;

constexpr const char* kFastMailbox = "bob@fabrikam.com";
constexpr int kSlowMailboxes = 6;

class SlowUpstreamTest : public PipelineTest {
 protected:
  void SetUp() override {
    fast_ = std::make_unique<fakes::FakeExchange>();
    fast_->addMailbox(kFastMailbox);
    PipelineTest::SetUp();
  }
  std::string daemonConfig() const override {
    // Four slots, all from the start; a stop does not wait for the slow server's answers.
    return "[pipeline]\nmax_in_flight = 4\nmin_in_flight = 4\nshutdown_grace_seconds = 0\n";
  }
  std::string exchangeDomains() const override {
    return fabrikamOnEx2_ ? R"("contoso.com")" : R"("contoso.com","fabrikam.com")";
  }
  std::string exchangeSettings() const override {
    // A second server, for fabrikam.com (the fixture closes its object).
    return R"(},{"name":"ex2","ewsUrl":")" + fast_->ewsUrl() +
           R"(","version":"Exchange2016","auth":{"type":"basic","username":")" +
           fast_->options().user + R"(","password":")" + fast_->options().password +
           R"("},"allowInsecureHttp":true,"domains":[)" +
           (fabrikamOnEx2_ ? R"("fabrikam.com")" : R"("example.org")") + "]";
  }
  // contoso.com's server answers each request after a minute; six of its mailboxes with two
  // mails each: their batches take every slot, and what is left of them waits in hand.
  void holdEverySlot() {
    exchange_->setLatency(seconds(60));
    for (int m = 0; m < kSlowMailboxes; ++m) {
      const std::string mailbox = "user" + std::to_string(m) + "@contoso.com";
      exchange_->addMailbox(mailbox);
      const Registered r = registerMailbox(mailbox);
      for (int i = 0; i < 2; ++i) {
        const std::string id = "slow-" + std::to_string(m) + "-" + std::to_string(i);
        addMail(id, "Slow " + id, mailbox);
        ASSERT_EQ(pushNewMail(r.callbackUrl, id).status, fakes::PushOutcome::Status::kOk);
      }
    }
    ASSERT_TRUE(exchange_->waitForConcurrent(4, seconds(20))) << daemon_->log();
  }
  std::unique_ptr<fakes::FakeExchange> fast_;
  bool fabrikamOnEx2_ = true;
};

TEST_F(SlowUpstreamTest, AServerSlowToAnswerHoldsBackNoOtherServersMail) {
  holdEverySlot();
  if (HasFatalFailure()) {
    return;
  }

  // fabrikam.com's server answers at once: its mail goes out while contoso.com's wait.
  const Registered bob = registerMailbox(kFastMailbox);
  fast_->addItem(kFastMailbox, mailItem("fast-1", "Quarterly numbers"));
  ASSERT_EQ(pushNewMail(bob.callbackUrl, "fast-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(20))) << daemon_->log();
  const auto pushes = cns_->pushes();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0].notification()->getValue<std::string>("subject"), "Quarterly numbers");
  EXPECT_EQ(fast_->counters().getItems, 1u);
  // The slow server's requests were still held all along: the limit was not lifted for them.
  EXPECT_EQ(exchange_->counters().maxConcurrent, 4u);
}

TEST_F(SlowUpstreamTest, TheOtherServerGetsItsShareOfTheSlots) {
  holdEverySlot();
  if (HasFatalFailure()) {
    return;
  }
  // fabrikam.com's server takes a second per answer: four of its mailboxes with a mail each.
  // Its share of the four slots is two (two servers with work): two batches at once, not one
  // after the other, and not more.
  fast_->setLatency(seconds(1));
  constexpr int kFast = 4;
  for (int m = 0; m < kFast; ++m) {
    const std::string mailbox = "fast" + std::to_string(m) + "@fabrikam.com";
    fast_->addMailbox(mailbox);
    const Registered r = registerMailbox(mailbox);
    const std::string id = "fast-" + std::to_string(m);
    fast_->addItem(mailbox, mailItem(id, "Fast " + id));
    ASSERT_EQ(pushNewMail(r.callbackUrl, id).status, fakes::PushOutcome::Status::kOk);
  }
  ASSERT_TRUE(cns_->waitForPushes(kFast, seconds(30))) << daemon_->log();
  EXPECT_EQ(fast_->counters().getItems, static_cast<size_t>(kFast));
  EXPECT_EQ(fast_->counters().maxConcurrent, 2u);
  EXPECT_EQ(exchange_->counters().maxConcurrent, 4u);  // the slow one's: still its four
  EXPECT_EQ(cns_->pushes().size(), static_cast<size_t>(kFast));
}

// fabrikam.com is served by contoso.com's server first, then moves to the other server.
class MovedDomainTest : public SlowUpstreamTest {
 protected:
  void SetUp() override {
    fabrikamOnEx2_ = false;
    SlowUpstreamTest::SetUp();
  }
  // Waits until a push with this subject arrived.
  bool waitForSubject(const std::string& subject, std::chrono::milliseconds within) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    for (;;) {
      const auto pushes = cns_->pushes();
      for (const auto& p : pushes) {
        if (p.notification()->getValue<std::string>("subject") == subject) {
          return true;
        }
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        return false;
      }
      cns_->waitForPushes(pushes.size() + 1, left);
    }
  }
};

TEST_F(MovedDomainTest, AMailboxMovedToAnotherServerNoLongerWaitsBehindItsFormerServer) {
  const Registered bob = registerMailbox(kFastMailbox);
  exchange_->addMailbox(kFastMailbox);
  addMail("before-move", "Before the move", kFastMailbox);
  ASSERT_EQ(pushNewMail(bob.callbackUrl, "before-move").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(waitForSubject("Before the move", seconds(20))) << daemon_->log();
  ASSERT_EQ(exchange_->counters().getItems, 1u);

  // fabrikam.com moves. ENP has applied it (within a second) once a mail of another
  // fabrikam.com mailbox, which only the new server has, is pushed: until then each probe is
  // asked of the old server, which has no such mailbox.
  fabrikamOnEx2_ = true;
  importSettings();
  const std::string carol = "carol@fabrikam.com";
  fast_->addMailbox(carol);
  const Registered c = registerMailbox(carol);
  bool moved = false;
  for (int i = 0; i < 20 && !moved; ++i) {
    const std::string id = "probe-" + std::to_string(i);
    fast_->addItem(carol, mailItem(id, "Probe " + id));
    ASSERT_EQ(pushNewMail(c.callbackUrl, id).status, fakes::PushOutcome::Status::kOk);
    moved = waitForSubject("Probe " + id, seconds(1));
  }
  ASSERT_TRUE(moved) << daemon_->log();

  // contoso.com's server turns slow and holds every slot; bob's next mail is read from his new
  // server at once, not held back as if he were still on the slow one.
  holdEverySlot();
  if (HasFatalFailure()) {
    return;
  }
  fast_->addItem(kFastMailbox, mailItem("after-move", "After the move"));
  ASSERT_EQ(pushNewMail(bob.callbackUrl, "after-move").status, fakes::PushOutcome::Status::kOk);
  EXPECT_TRUE(waitForSubject("After the move", seconds(20))) << daemon_->log();
}

}  // namespace
}  // namespace itest
