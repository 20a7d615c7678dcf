// Hundreds of GetItem requests in flight at once while the daemon keeps a handful of threads:
// waiting for Exchange costs a socket, not a thread.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>

#include "pipeline_fixture.h"
#include "send_notification.h"

namespace itest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kMails = 300;

// The daemon's threads, from /proc.
int threadsOf(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Threads:", 0) == 0) {
      return std::stoi(line.substr(8));
    }
  }
  return -1;
}

// Thread name -> the highest nice value among the daemon's threads of that name, from /proc
// (names repeat for pools: every thread of a pool counts).
std::map<std::string, int> niceOfThreads(pid_t pid) {
  std::map<std::string, int> out;
  const std::string dir = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& task : std::filesystem::directory_iterator(dir)) {
    std::ifstream statFile(task.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(statFile)), std::istreambuf_iterator<char>());
    const size_t open = stat.find('('), close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos) {
      continue;
    }
    // After "pid (comm)": state is field 3 of proc(5)'s list, nice field 19.
    std::istringstream rest(stat.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 19 && rest >> field; ++i) {
    }
    const std::string name = stat.substr(open + 1, close - open - 1);
    const int nice = std::stoi(field);
    const auto [it, added] = out.emplace(name, nice);
    if (!added) {
      it->second = std::max(it->second, nice);
    }
  }
  return out;
}

// One notification of `count` new mails ("<prefix>0", ...) arrived at `when`, each put in the
// mailbox by `add`.
fakes::Notification newMails(
    int count, const std::string& prefix, const std::string& when,
    const std::function<void(const std::string&, const std::string&)>& add) {
  fakes::Notification n;
  n.subscriptionId = "sub-" + prefix;
  n.previousWatermark = fakes::makeWatermark(1);
  for (int i = 0; i < count; ++i) {
    const std::string id = prefix + std::to_string(i);
    add(id, "Subject " + std::to_string(i));
    n.events.push_back(fakes::newMailEvent(
        id, "inbox-folder-id", fakes::makeWatermark(static_cast<uint64_t>(i) + 2), when));
  }
  return n;
}

// A daemon with the fakes, and a backlog of new mails delivered in one notification.
class BacklogTest : public PipelineTest {
 protected:
  // `count` new mails ("<prefix>0", ...) in the mailbox and in one callback, acknowledged.
  void pushBacklog(int count, const std::string& prefix) {
    const fakes::Notification n =
        newMails(count, prefix, nowXsDateTime(),
                 [&](const std::string& id, const std::string& subject) { addMail(id, subject); });
    ASSERT_EQ(pushXml(reg_.callbackUrl, fakes::buildSendNotification(n)).status,
              fakes::PushOutcome::Status::kOk);
  }
  // Fakes answering `threads` connections at once (a thread per keep-alive connection).
  static fakes::FakeExchangeOptions exchangeWith(int threads) {
    fakes::FakeExchangeOptions o;
    o.listen.threads = threads;
    o.listen.backlog = 1024;
    return o;
  }
};

class InFlightTest : public BacklogTest {
 protected:
  std::string daemonConfig() const override {
    // All the slots from the start (else the limit starts at 64 and grows as the load needs).
    return "[pipeline]\nmax_in_flight = 400\nmin_in_flight = 400\nmax_in_flight_per_mailbox = "
           "400\nworkers = 2\n";
  }
  // The fakes answer with a thread per keep-alive connection: one for every request in flight.
  int cnsThreads() const override { return kMails + 50; }
  fakes::FakeExchangeOptions exchangeOptions() const override { return exchangeWith(kMails + 50); }
};

TEST_F(InFlightTest, HundredsOfGetItemsWaitAtOnceOnAFewThreads) {
  const int idleThreads = threadsOf(daemon_->pid());
  ASSERT_GT(idleThreads, 0);
  exchange_->setLatency(milliseconds(3000));
  ASSERT_NO_FATAL_FAILURE(pushBacklog(kMails, "f-"));
  // Most of them wait at Exchange together (a few share a GetItem while the slots fill) ...
  ASSERT_TRUE(exchange_->waitForConcurrent(kMails * 3 / 4, seconds(30)))
      << "at most " << exchange_->counters().maxConcurrent << " at once\n"
      << daemon_->log();
  // ... and the daemon has no more threads than when it idled.
  EXPECT_LE(threadsOf(daemon_->pid()), idleThreads + 2);
  exchange_->setLatency(milliseconds(0));
  ASSERT_TRUE(cns_->waitForPushes(kMails, seconds(60))) << daemon_->log();
  EXPECT_EQ(cns_->counters().duplicates, 0u) << daemon_->log();
}

TEST_F(InFlightTest, TheLanesYieldTheCoresToTheListener) {
  const std::map<std::string, int> nice = niceOfThreads(daemon_->pid());
  // `workers = 2`: two lanes at the default workers_nice; every listener thread at 0.
  ASSERT_EQ(nice.count("enp-cpu-0"), 1u);
  ASSERT_EQ(nice.count("enp-cpu-1"), 1u);
  EXPECT_EQ(nice.at("enp-cpu-0"), 19);
  EXPECT_EQ(nice.at("enp-cpu-1"), 19);
  ASSERT_EQ(nice.count("enp"), 1u);
  EXPECT_EQ(nice.at("enp"), 0);
}

// Four batches in flight on two lanes, each batch up to eight mails of one mailbox pushed at once.
class FewInFlightTest : public BacklogTest {
 protected:
  std::string daemonConfig() const override {
    return "[pipeline]\nmax_in_flight = 4\nmax_in_flight_per_mailbox = 4\nworkers = 2\n";
  }
};

TEST_F(FewInFlightTest, PushesBeyondTheSlotsWaitForAConnectionInsteadOfOpeningMore) {
  constexpr int kBacklog = 40;
  cns_->setLatency(milliseconds(100));
  ASSERT_NO_FATAL_FAILURE(pushBacklog(kBacklog, "b-"));
  ASSERT_TRUE(cns_->waitForPushes(kBacklog, seconds(60))) << daemon_->log();
  // The backlog went out in batches (fewer GetItems than mails), whose pushes could have run 32
  // at once (4 batches of 8); CNS saw no more at once than the 4 slots, so no more connections.
  EXPECT_LT(exchange_->counters().getItems, static_cast<uint64_t>(kBacklog));
  EXPECT_LE(cns_->counters().maxConcurrent, 4u);
  EXPECT_GE(cns_->counters().maxConcurrent, 2u) << "pushes still run side by side";
  EXPECT_EQ(cns_->counters().duplicates, 0u);
}

TEST_F(FewInFlightTest, MailsOneAfterAnotherReuseTheConnectionsOfTheFirst) {
  constexpr int kMailsInTurn = 12;
  for (int i = 0; i < kMailsInTurn; ++i) {
    const std::string id = "turn-" + std::to_string(i);
    addMail(id, "Subject " + std::to_string(i));
    ASSERT_EQ(pushNewMail(reg_.callbackUrl, id).status, fakes::PushOutcome::Status::kOk);
    ASSERT_TRUE(cns_->waitForPushes(static_cast<size_t>(i) + 1, seconds(30))) << daemon_->log();
  }
  const std::string m = metrics();
  // Two lanes, each with at most one connection to Exchange and one to CNS: 24 requests.
  EXPECT_GE(metricValue(m, "enp_outgoing_connections_opened_total"), 2);
  EXPECT_LE(metricValue(m, "enp_outgoing_connections_opened_total"), 4);
  EXPECT_NE(m.find("# TYPE enp_outgoing_connections_opened_total counter"), std::string::npos);
  EXPECT_NE(m.find("# TYPE enp_outgoing_requests_in_flight gauge"), std::string::npos);
}

// The limit starts at min_in_flight and grows while a backlog waits and Exchange answers no
// slower for it (InFlightLimit; its cuts: tests/pipeline/in_flight_limit_test.cc).
class AdaptiveInFlightTest : public BacklogTest {
 protected:
  std::string daemonConfig() const override {
    return "[pipeline]\nmax_in_flight = 400\nmin_in_flight = 8\nmax_in_flight_per_mailbox = "
           "400\nworkers = 2\n";
  }
  int cnsThreads() const override { return 450; }
  fakes::FakeExchangeOptions exchangeOptions() const override { return exchangeWith(450); }
};

TEST_F(AdaptiveInFlightTest, ABacklogAtExchangesUsualLatencyGrowsTheLimitBeyondItsStart) {
  EXPECT_EQ(metricValue(metrics(), "enp_pipeline_batch_limit"), 8);
  constexpr int kBacklog = 400;
  exchange_->setLatency(milliseconds(200));
  ASSERT_NO_FATAL_FAILURE(pushBacklog(kBacklog, "a-"));
  ASSERT_TRUE(cns_->waitForPushes(kBacklog, seconds(60))) << daemon_->log();
  // Eight GetItems at once at first (each reading up to eight mails), then more.
  EXPECT_GE(exchange_->counters().maxConcurrent, 16u) << daemon_->log();
  EXPECT_GE(metricValue(metrics(), "enp_pipeline_batch_limit"), 16);
  EXPECT_EQ(cns_->counters().duplicates, 0u);
}

}  // namespace
}  // namespace itest
