// Two ENP nodes on one PostgreSQL database share the queue (docs/postgresql.md): Exchange's
// callbacks reach either, each mail is pushed once, and a node killed under load loses nothing
// it acknowledged: the survivor pushes its leased events once their leases run out.
#include <filesystem>
#include <iostream>
#include <set>

#include "pipeline_fixture.h"
#include "postgres_server.h"
#include "temp_database.h"

namespace itest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kLeaseSeconds = 2;

class TwoNodesTest : public PipelineTest {
 protected:
  void SetUp() override {
    if (!testsupport::PostgresServer::installed()) {
      GTEST_SKIP() << "PostgreSQL is not installed (scripts/setup.sh installs it)";
    }
    PipelineTest::SetUp();  // node a, the mailbox registered through it
    if (HasFatalFailure()) {
      return;
    }
    const std::string dirB = dir_->path() + "/node-b";
    std::filesystem::create_directories(dirB + "/var");
    // The nodes share the data key (callback tokens are derived from it): an installation copies
    // enp.key to every node.
    std::filesystem::copy_file(daemon_->dataDir() + "/enp.key", dirB + "/var/enp.key");
    nodeB_ = std::make_unique<Daemon>(dirB, nodeConfig("node-b"), url_);
    ASSERT_TRUE(nodeB_->start()) << nodeB_->log();
  }
  void TearDown() override {
    if (nodeB_) {
      nodeB_->stop();
    }
    PipelineTest::TearDown();
  }

  std::string postgresUrl() override {
    url_ = enp::freshPostgresDatabase();
    return url_;
  }
  std::string daemonConfig() const override { return nodeConfig("node-a"); }
  static std::string nodeConfig(const std::string& name) {
    return "[cluster]\nnode_name = " + name + "\nlease_seconds = " + std::to_string(kLeaseSeconds) +
           "\n";
  }

  /// The registration's callback URL on node b.
  std::string callbackOnB() const {
    return nodeB_->publicBase() + reg_.callbackUrl.substr(reg_.callbackUrl.find("/ews/notify/"));
  }

  /// Distinct mails pushed (the jti is the same for the same mail and device).
  size_t distinctPushed() const { return cns_->distinctJtis(); }

  bool waitForDistinct(size_t n, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (distinctPushed() < n) {
      if (std::chrono::steady_clock::now() >= deadline) {
        return false;
      }
      cns_->waitForPushes(cns_->counters().accepted + 1, milliseconds(200));
    }
    return true;
  }

  /// Until node b's /metrics shows no queued event (the queue is the database's: both nodes').
  bool waitForEmptyQueue(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string body = httpRequest("GET", nodeB_->adminBase() + "/metrics").body;
      if (body.find("\nenp_queue_depth 0\n") != std::string::npos) {
        return true;
      }
      nodeB_->waitForLog("] delivered:", nodeB_->countLog("] delivered:") + 1, milliseconds(200));
    }
    return false;
  }

  std::string url_;
  std::unique_ptr<Daemon> nodeB_;
};

TEST_F(TwoNodesTest, ExchangePushingToBothAlternatelyGetsEachMailPushedOnce) {
  constexpr int kMails = 40;
  for (int i = 0; i < kMails; ++i) {
    const std::string id = "alt-" + std::to_string(i);
    addMail(id, "Mail " + std::to_string(i));
    const std::string target = i % 2 == 0 ? reg_.callbackUrl : callbackOnB();
    ASSERT_EQ(pushNewMail(target, id).status, fakes::PushOutcome::Status::kOk) << i;
    if (i % 5 == 0) {  // the same notification reaches both nodes: queued once
      const std::string other = i % 2 == 0 ? callbackOnB() : reg_.callbackUrl;
      ASSERT_EQ(pushNewMail(other, id).status, fakes::PushOutcome::Status::kOk) << i;
    }
  }
  ASSERT_TRUE(cns_->waitForPushes(kMails, seconds(60))) << daemon_->log() << nodeB_->log();
  // A later mail is the sync point: once it is pushed, a duplicate had its chance.
  addMail("alt-sync", "Sync");
  ASSERT_EQ(pushNewMail(callbackOnB(), "alt-sync").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(kMails + 1, seconds(30)));
  ASSERT_TRUE(waitForEmptyQueue(seconds(30)));
  EXPECT_EQ(cns_->counters().accepted, static_cast<uint64_t>(kMails + 1));
  EXPECT_EQ(cns_->counters().duplicates, 0u);
  EXPECT_EQ(distinctPushed(), static_cast<size_t>(kMails + 1));
  // Both nodes took part, and between them delivered each mail once. A node logs a delivery
  // after recording it: stopped, each has written (and the test read) its whole log.
  EXPECT_EQ(nodeB_->stop(), 0);
  EXPECT_EQ(daemon_->stop(), 0);
  const size_t byA = daemon_->countLog("] delivered:");
  const size_t byB = nodeB_->countLog("] delivered:");
  std::cout << "delivered by node-a " << byA << ", by node-b " << byB << "\n";
  EXPECT_EQ(byA + byB, static_cast<size_t>(kMails + 1));
  EXPECT_GT(byA, 0u);
  EXPECT_GT(byB, 0u);
}

TEST_F(TwoNodesTest, KillNineUnderLoadLosesNothingAcknowledged) {
  // A slow CNS: pushes are in flight when node a dies.
  cns_->setLatency(milliseconds(1500));
  constexpr int kMails = 30;
  std::set<std::string> acknowledged;
  for (int i = 0; i < kMails; ++i) {
    const std::string id = "load-" + std::to_string(i);
    addMail(id, "Load " + std::to_string(i));
    const std::string target = i % 2 == 0 ? reg_.callbackUrl : callbackOnB();
    if (pushNewMail(target, id).status == fakes::PushOutcome::Status::kOk) {
      acknowledged.insert(id);
    }
  }
  ASSERT_EQ(acknowledged.size(), static_cast<size_t>(kMails));
  // Node a has a push in flight (its log names the mail before the push starts; the CNS
  // answers none of them before 1.5 s).
  ASSERT_TRUE(daemon_->waitForLog(" subject 'Load ", 1, seconds(30))) << daemon_->log();
  const size_t pushedBeforeKill = cns_->counters().accepted;
  const size_t startedByA = daemon_->countLog(" subject 'Load ");
  const size_t deliveredByA = daemon_->countLog("] delivered:");
  const auto killedAt = std::chrono::steady_clock::now();
  daemon_->kill9();
  daemon_.reset();  // (TearDown stops node b only)

  // After the lease runs out node b pushes all node a held: every acknowledged mail.
  ASSERT_TRUE(waitForDistinct(kMails, seconds(90)))
      << distinctPushed() << " of " << kMails << " pushed\n"
      << nodeB_->log();
  const double takeoverSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - killedAt).count();
  // Nothing queued any more: no push is in flight, every duplicate has arrived.
  ASSERT_TRUE(waitForEmptyQueue(seconds(30))) << nodeB_->log();
  // Pushes node a had in flight at the kill may have reached the CNS too: those, and only
  // those, are pushed twice.
  const fakes::CnsCounters counters = cns_->counters();
  const size_t inFlightAtKill = startedByA - deliveredByA;
  std::cout << "kill -9 of node-a under load: " << kMails << " mails acknowledged, "
            << pushedBeforeKill << " pushed before the kill, node-a had " << inFlightAtKill
            << " push(es) started and unsettled, all " << kMails << " pushed " << takeoverSeconds
            << " s after the kill (lease " << kLeaseSeconds << " s), " << counters.duplicates
            << " duplicate(s)\n";
  RecordProperty("duplicates", static_cast<int>(counters.duplicates));
  RecordProperty("takeover_ms", static_cast<int>(takeoverSeconds * 1000));
  EXPECT_LE(counters.duplicates, inFlightAtKill);
  EXPECT_EQ(counters.accepted, kMails + counters.duplicates);
}

TEST_F(TwoNodesTest, APushSlowerThanTheLeaseKeepsItsLeaseRenewed) {
  // Each push takes twice the lease: only renewals keep the other node off the events.
  cns_->setLatency(seconds(2 * kLeaseSeconds));
  constexpr int kMails = 6;
  for (int i = 0; i < kMails; ++i) {
    const std::string id = "slow-" + std::to_string(i);
    addMail(id, "Slow " + std::to_string(i));
    ASSERT_EQ(pushNewMail(i % 2 == 0 ? reg_.callbackUrl : callbackOnB(), id).status,
              fakes::PushOutcome::Status::kOk);
  }
  ASSERT_TRUE(cns_->waitForPushes(kMails, seconds(60))) << daemon_->log() << nodeB_->log();
  ASSERT_TRUE(waitForEmptyQueue(seconds(30)));
  EXPECT_EQ(cns_->counters().duplicates, 0u) << daemon_->log() << nodeB_->log();
  EXPECT_EQ(cns_->counters().accepted, static_cast<uint64_t>(kMails));
}

TEST_F(TwoNodesTest, ARegistrationRevokedOnOneNodeIsUnsubscribedByTheOtherWithinTwoSeconds) {
  addMail("before-revoke", "Before");
  // Node b knows the registration (it answered a callback for it) before the revocation.
  ASSERT_EQ(pushNewMail(callbackOnB(), "before-revoke").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30)));
  auto r = httpRequest("DELETE", daemon_->publicBase() + "/api/v1/registrations/" + reg_.id, "", "",
                       {{"Authorization", "Bearer " + reg_.secret}});
  ASSERT_EQ(r.status, 204) << r.body;
  const auto revoked = std::chrono::steady_clock::now();
  // Exchange keeps calling node b; each notification names a mail that exists.
  fakes::PushOutcome outcome;
  int i = 0;
  do {
    const std::string id = "after-revoke-" + std::to_string(i++);
    addMail(id, "After");
    outcome = pushNewMail(callbackOnB(), id);
    ASSERT_NE(outcome.status, fakes::PushOutcome::Status::kFailed) << outcome.lastError;
  } while (outcome.status != fakes::PushOutcome::Status::kUnsubscribe &&
           std::chrono::steady_clock::now() - revoked < seconds(10));
  const auto took =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - revoked);
  std::cout << "node b answered Unsubscribe " << took.count() << " ms after the revocation on "
            << "node a, after " << i << " notification(s)\n";
  RecordProperty("unsubscribe_ms", static_cast<int>(took.count()));
  EXPECT_EQ(outcome.status, fakes::PushOutcome::Status::kUnsubscribe);
  EXPECT_LE(took, milliseconds(2000));
  // Nothing notified after the revocation reached the device.
  ASSERT_TRUE(waitForEmptyQueue(seconds(30)));
  EXPECT_EQ(cns_->counters().accepted, 1u);
}

// A node stopped while it holds events (Exchange is slow to answer its GetItem) gives them back:
// the other node pushes them without waiting for the lease (30 s here) to run out.
class StoppedNodeTest : public TwoNodesTest {
 protected:
  std::string daemonConfig() const override {
    return "[cluster]\nnode_name = node-a\nlease_seconds = 30\n"
           "[pipeline]\nshutdown_grace_seconds = 1\n";
  }
};

TEST_F(StoppedNodeTest, AStoppedNodesEventsAreTakenAtOnceNotAfterTheLease) {
  nodeB_->stop();  // until node a holds the mail (else either node may take it)
  addMail("stop-1", "Given back");
  exchange_->script(fakes::ScriptedAnswer::delayed(seconds(20)));  // node a's GetItem hangs
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "stop-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(exchange_->waitForGetItems(1, seconds(30)));
  exchange_->clearScript();
  ASSERT_TRUE(nodeB_->start()) << nodeB_->log();
  const auto stoppedAt = std::chrono::steady_clock::now();
  EXPECT_EQ(daemon_->stop(), 0);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(20))) << nodeB_->log();
  const double taken =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - stoppedAt).count();
  std::cout << "node-a stopped holding an event: pushed by node-b " << taken
            << " s after the stop began (grace 1 s, lease 30 s)\n";
  EXPECT_LT(taken, 15.0);
  EXPECT_TRUE(nodeB_->waitForLog("] delivered:", 1, seconds(10))) << nodeB_->log();
}

// A node that crashed and starts again under its name gives back what it leased in its previous
// life at once: it holds none of it now, and need not wait for its own leases (30 s) to run out.
TEST_F(StoppedNodeTest, ARestartedNodeGivesBackWhatItLeasedBeforeItsCrash) {
  nodeB_->stop();  // node a alone: only its restart can push the mail
  nodeB_.reset();
  addMail("crash-1", "Leased before the crash");
  exchange_->script(fakes::ScriptedAnswer::delayed(seconds(20)));
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "crash-1").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(exchange_->waitForGetItems(1, seconds(30)));
  daemon_->kill9();
  exchange_->clearScript();
  const auto restartedAt = std::chrono::steady_clock::now();
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  expectLog("1 event(s) leased by this node before its start given back");
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(20))) << daemon_->log();
  EXPECT_LT(std::chrono::steady_clock::now() - restartedAt, seconds(15));
  EXPECT_EQ(cns_->counters().duplicates, 0u);
}

}  // namespace
}  // namespace itest
