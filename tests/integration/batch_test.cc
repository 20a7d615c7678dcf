// When the workers have a backlog, several queued mails of one mailbox are read with one GetItem
// (the ids of one mailbox go in one request), and each is still decided and pushed on its own.
// While workers are idle, each mail gets its own worker: nothing waits behind another push.
#include <algorithm>

#include "pipeline_fixture.h"
#include "send_notification.h"
#include "temp_database.h"

namespace itest {
namespace {

using std::chrono::seconds;

fakes::Notification newMails(const std::vector<std::string>& ids, const std::string& timeStamp) {
  fakes::Notification n;
  n.subscriptionId = "sub-batch";
  n.previousWatermark = fakes::makeWatermark(1);
  uint64_t watermark = 2;
  for (const auto& id : ids) {
    n.events.push_back(
        fakes::newMailEvent(id, "inbox-folder-id", fakes::makeWatermark(watermark++), timeStamp));
  }
  return n;
}

class BatchTest : public PipelineTest {
 protected:
  /// `count` new mails of the registration's mailbox (ids prefix-0, prefix-1, ...), announced
  /// by one notification; their ids.
  std::vector<std::string> notifyNewMails(const std::string& prefix, int count) {
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
      ids.push_back(prefix + "-" + std::to_string(i));
      addMail(ids.back(), "Mail " + ids.back());
    }
    const fakes::PushOutcome outcome =
        pushXml(reg_.callbackUrl, fakes::buildSendNotification(newMails(ids, nowXsDateTime())));
    EXPECT_EQ(outcome.status, fakes::PushOutcome::Status::kOk) << outcome.lastError;
    return ids;
  }
};

// One batch in flight: four mails arriving together are a backlog for it.
class OneWorkerTest : public BatchTest {
 protected:
  std::string daemonConfig() const override { return "[pipeline]\nmax_in_flight = 1\n"; }
};

TEST_F(OneWorkerTest, ItemsOfOneMailboxShareOneGetItem) {
  addMail("b-1", "First");
  addMail("b-2", "Second");
  addMail("b-4", "Fourth");  // b-3 is gone from the mailbox by the time ENP reads it
  auto outcome = pushXml(reg_.callbackUrl, fakes::buildSendNotification(newMails(
                                               {"b-1", "b-2", "b-3", "b-4"}, nowXsDateTime())));
  ASSERT_EQ(outcome.status, fakes::PushOutcome::Status::kOk) << outcome.lastError;
  ASSERT_TRUE(cns_->waitForPushes(3, seconds(30))) << daemon_->log();
  expectLog("] dropped: ");
  // Each outcome is counted just before its line is logged: all four are counted now.
  ASSERT_TRUE(daemon_->waitForLog("] delivered: ", 3, seconds(10))) << daemon_->log();

  auto requests = exchange_->requests();
  ASSERT_EQ(requests.size(), 1u) << daemon_->log();
  EXPECT_EQ(requests[0].itemIds, (std::vector<std::string>{"b-1", "b-2", "b-3", "b-4"}));
  std::vector<std::string> subjects;
  for (const auto& p : cns_->pushes()) {
    subjects.push_back(p.notification()->getValue<std::string>("subject"));
  }
  std::sort(subjects.begin(), subjects.end());
  EXPECT_EQ(subjects, (std::vector<std::string>{"First", "Fourth", "Second"}));
  EXPECT_EQ(cns_->distinctJtis(), 3u);
  EXPECT_EQ(cns_->counters().duplicates, 0u);
  std::string m = metrics();
  EXPECT_EQ(metricValue(m, "enp_events_finished_total{state=\"delivered\"}"), 3);
  EXPECT_EQ(metricValue(m, "enp_events_finished_total{state=\"dropped\"}"), 1);
}

TEST_F(OneWorkerTest, ABatchHoldsAtMostEightItems) {
  std::vector<std::string> ids = notifyNewMails("many", 10);
  ASSERT_TRUE(cns_->waitForPushes(10, seconds(30))) << daemon_->log();
  std::vector<size_t> sizes;
  std::vector<std::string> asked;
  for (const auto& r : exchange_->requests()) {
    sizes.push_back(r.itemIds.size());
    asked.insert(asked.end(), r.itemIds.begin(), r.itemIds.end());
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{8, 2}));  // oldest first
  std::sort(asked.begin(), asked.end());
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(asked, ids);  // every item asked for exactly once
}

TEST_F(OneWorkerTest, ABacklogOverSeveralMailboxesIsReadDeepEnoughForFullerBatches) {
  // Mails of three mailboxes in turn, queued while the one slot waits for Exchange: what the
  // dispatcher holds is the oldest, of all three at once. On one node it holds up to a full
  // batch per slot and one more (16 here), so each GetItem reads that many more of a mailbox.
  const std::vector<std::string> mailboxes{kMailbox, "bea@contoso.com", "cem@contoso.com"};
  std::vector<Registered> regs{reg_};
  for (size_t m = 1; m < mailboxes.size(); ++m) {
    exchange_->addMailbox(mailboxes[m]);
    regs.push_back(registerMailbox(mailboxes[m]));
  }
  std::vector<std::pair<size_t, std::string>> order{{0, "deep-a0"}};
  for (int round = 0; round < 4; ++round) {
    for (size_t m = 0; m < mailboxes.size(); ++m) {
      for (int k = 1; k <= 2; ++k) {
        order.emplace_back(m, std::string("deep-") + "abc"[m] + std::to_string(2 * round + k));
      }
    }
  }
  for (const auto& [m, id] : order) {
    addMail(id, "Deep " + id, mailboxes[m]);
  }
  exchange_->setLatency(std::chrono::milliseconds(3000));
  ASSERT_EQ(pushNewMail(regs[0].callbackUrl, order[0].second).status,
            fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(exchange_->waitForConcurrent(1, seconds(30))) << daemon_->log();
  for (size_t i = 1; i < order.size(); ++i) {
    ASSERT_EQ(pushNewMail(regs[order[i].first].callbackUrl, order[i].second).status,
              fakes::PushOutcome::Status::kOk);
  }
  // The batch waiting for Exchange is not pushed after the stop: all 25 are queued again.
  EXPECT_EQ(daemon_->stop(), 0);
  EXPECT_EQ(cns_->counters().requests, 0u);
  const size_t before = exchange_->requests().size();
  exchange_->setLatency(std::chrono::milliseconds(0));
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  ASSERT_TRUE(cns_->waitForPushes(order.size(), seconds(30))) << daemon_->log();
  const auto requests = exchange_->requests();
  std::vector<size_t> sizes;
  std::vector<std::string> asked;
  for (size_t i = before; i < requests.size(); ++i) {
    sizes.push_back(requests[i].itemIds.size());
    asked.insert(asked.end(), requests[i].itemIds.begin(), requests[i].itemIds.end());
  }
  // One node: sixteen in hand, a0-a6, b1-b5, c1-c4, then the other nine. Nodes sharing a
  // queue on PostgreSQL lease two per slot and one batch: a0-a4, b1-b3, c1-c2, then ten more.
  const std::vector<size_t> expected = !enp::testOnPostgres()
                                           ? std::vector<size_t>{2, 3, 4, 4, 5, 7}
                                           : std::vector<size_t>{1, 2, 2, 2, 3, 3, 3, 4, 5};
  std::sort(sizes.begin(), sizes.end());
  EXPECT_EQ(sizes, expected) << daemon_->log();
  std::vector<std::string> ids;
  for (const auto& [m, id] : order) {
    ids.push_back(id);
  }
  std::sort(asked.begin(), asked.end());
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(asked, ids);  // every item asked for exactly once
  EXPECT_EQ(cns_->counters().duplicates, 0u);
}

TEST_F(OneWorkerTest, AFailedBatchIsOneAlertAndEveryItemIsKept) {
  exchange_->restrictImpersonationTo({"someone-else@contoso.com"});
  std::vector<std::string> ids{"deny-1", "deny-2", "deny-3", "deny-4"};
  for (const auto& id : ids) {
    addMail(id, "Denied");
  }
  ASSERT_EQ(pushXml(reg_.callbackUrl, fakes::buildSendNotification(newMails(ids, nowXsDateTime())))
                .status,
            fakes::PushOutcome::Status::kOk);
  expectLog("attempt 1 failed, retry in ", 4);  // about 5 minutes (retry_policy_test)
  ASSERT_EQ(exchange_->requests().size(), 1u);
  EXPECT_EQ(exchange_->requests()[0].itemIds, ids);
  const std::string m = metrics();
  EXPECT_EQ(metricValue(m, "enp_alerts_total{kind=\"exchange-auth\"}"), 1);
  EXPECT_EQ(metricValue(m, "enp_events_retried_total"), 4);
  EXPECT_EQ(metricValue(m, "enp_queue_depth"), 4);  // kept, not lost
  EXPECT_EQ(daemon_->countLog("ALERT exchange-auth"), 1u);
  EXPECT_EQ(cns_->counters().requests, 0u);
}

TEST_F(OneWorkerTest, AStopWhileABatchIsReadLeavesItsMailsQueued) {
  exchange_->setLatency(std::chrono::milliseconds(500));
  std::vector<std::string> ids{"read-1", "read-2", "read-3"};
  for (const auto& id : ids) {
    addMail(id, "Read at the stop");
  }
  ASSERT_EQ(pushXml(reg_.callbackUrl, fakes::buildSendNotification(newMails(ids, nowXsDateTime())))
                .status,
            fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(exchange_->waitForConcurrent(1, seconds(30))) << daemon_->log();
  EXPECT_EQ(daemon_->stop(), 0);
  // The GetItem in flight was answered, but no push was started after the stop.
  EXPECT_EQ(cns_->counters().requests, 0u);
  exchange_->setLatency(std::chrono::milliseconds(0));
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  ASSERT_TRUE(cns_->waitForPushes(ids.size(), seconds(30))) << daemon_->log();
  EXPECT_EQ(cns_->counters().duplicates, 0u);
}

TEST_F(OneWorkerTest, AStopWhileABatchPushesRecordsWhatWentOut) {
  cns_->setLatency(std::chrono::milliseconds(500));
  std::vector<std::string> ids{"stop-1", "stop-2", "stop-3", "stop-4", "stop-5", "stop-6"};
  for (const auto& id : ids) {
    addMail(id, "Across a restart");
  }
  ASSERT_EQ(pushXml(reg_.callbackUrl, fakes::buildSendNotification(newMails(ids, nowXsDateTime())))
                .status,
            fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  EXPECT_EQ(daemon_->stop(), 0);
  // The batch's pushes go out at once: those in flight at the stop finished within the grace.
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  ASSERT_TRUE(cns_->waitForPushes(ids.size(), seconds(30))) << daemon_->log();
  // A later mail is the sync point: once it is pushed, a duplicate had its chance.
  addMail("stop-sync", "After the restart");
  ASSERT_EQ(pushNewMail(callbackUrlNow(reg_), "stop-sync").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(ids.size() + 1, seconds(30))) << daemon_->log();
  // What went out before the stop was recorded: no mail was pushed twice (the jti is stable
  // per mail and device, so the fake counts a second push of one mail as a duplicate).
  EXPECT_EQ(cns_->counters().duplicates, 0u);
  EXPECT_EQ(cns_->counters().accepted, ids.size() + 1);
}

TEST_F(BatchTest, ABacklogOnOneMailboxFillsItsOwnSlotsWithBatches) {
  // Twenty mails for one mailbox at once, with hundreds of slots free but four per mailbox:
  // the mails beyond the mailbox's own free slots would wait, so they are batched.
  const std::vector<std::string> ids = notifyNewMails("storm", 20);
  ASSERT_TRUE(cns_->waitForPushes(ids.size(), seconds(30))) << daemon_->log();
  std::vector<size_t> sizes;
  for (const auto& r : exchange_->requests()) {
    sizes.push_back(r.itemIds.size());
  }
  std::sort(sizes.begin(), sizes.end());
  EXPECT_EQ(sizes, (std::vector<size_t>{1, 3, 8, 8}));  // four slots, four GetItem
  EXPECT_EQ(cns_->counters().duplicates, 0u);
}

TEST_F(BatchTest, ABatchPushesFourOfItsMailsAtOnce) {
  // The storm above with CNS answering in 300 ms: the batches of 1 and 3 push all their mails
  // at once, those of 8 four at a time, all four batches together.
  cns_->setLatency(std::chrono::milliseconds(300));
  const std::vector<std::string> ids = notifyNewMails("four", 20);
  ASSERT_TRUE(cns_->waitForPushes(ids.size(), seconds(30))) << daemon_->log();
  ASSERT_EQ(exchange_->requests().size(), 4u) << daemon_->log();
  EXPECT_EQ(cns_->counters().maxConcurrent, 1u + 3u + 4u + 4u);
  EXPECT_EQ(cns_->counters().duplicates, 0u);
}

TEST_F(BatchTest, IdleWorkersTakeOneMailEach) {
  const std::vector<std::string> ids = notifyNewMails("solo", 4);
  ASSERT_TRUE(cns_->waitForPushes(4, seconds(30))) << daemon_->log();
  auto requests = exchange_->requests();
  ASSERT_EQ(requests.size(), 4u);  // 32 idle workers: no mail waits for another's push
  for (const auto& r : requests) {
    EXPECT_EQ(r.itemIds.size(), 1u);
  }
}

}  // namespace
}  // namespace itest
