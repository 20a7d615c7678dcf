// Two ENP nodes on one PostgreSQL database keep the push subscriptions of a server set to "enp"
// (docs/postgresql.md, docs/subscriptions.md): node a subscribes every registration; once it is
// stopped, Exchange's callbacks to it fail and its subscriptions die, node b takes node a's
// shares at its next heartbeat, finds those subscriptions silent and subscribes each again from
// its last watermark, with its own callback URL; a mail that arrived meanwhile is pushed once.
// The real binary twice against the fake Exchange, with a short Exchange minute (200 ms).
#include <Poco/File.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "admin_fixture.h"
#include "temp_database.h"

namespace itest {
namespace {

using fakes::SubscriptionInfo;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kMoreMailboxes = 5;

std::string nodeConfig(const std::string& name) {
  return "[cluster]\nnode_name = " + name +
         "\nheartbeat_seconds = 1\nnode_expiry_seconds = 3\n[subscriptions]\nminute_ms = 200\n";
}

class ClusterSubscriptionsTest : public AdminTest {
 protected:
  std::string daemonConfig() const override { return nodeConfig("enp-a"); }
  std::string postgresUrl() override { return url_; }
  fakes::FakeExchangeOptions exchangeOptions() const override {
    fakes::FakeExchangeOptions o;
    o.push.minuteLength = milliseconds(200);
    return o;
  }
  std::string exchangeSettings() const override {
    return R"(,"subscriptions":"enp","statusFrequencyMinutes":1)";
  }
  void TearDown() override {
    if (b_) {
      b_->stop();
    }
    AdminTest::TearDown();
  }

  /// Mailbox -> the URL of its active subscription at the fake Exchange ("" = none active).
  std::map<std::string, std::string> activeByMailbox() {
    std::map<std::string, std::string> out;
    for (const SubscriptionInfo& s : exchange_->subscriptions()) {
      if (s.state == SubscriptionInfo::State::kActive) {
        out[s.mailbox] = s.url;
      }
    }
    return out;
  }
  /// Until every mailbox has an active subscription whose callback URL starts with `base`.
  bool waitUntilAllOn(const std::string& base, seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      const auto active = activeByMailbox();
      size_t on = 0;
      for (const std::string& m : mailboxes_) {
        const auto it = active.find(m);
        on += it != active.end() && it->second.rfind(base + "/ews/notify/", 0) == 0 ? 1 : 0;
      }
      if (on == mailboxes_.size()) {
        return true;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        return false;
      }
      const uint64_t subscribed = exchange_->pushCounters().subscribed;
      exchange_->waitForPush(
          [subscribed](const fakes::PushCounters& c) { return c.subscribed > subscribed; },
          milliseconds(500));
    }
  }

  const std::string url_ = enp::freshPostgresDatabase();
  std::set<std::string> mailboxes_{kMailbox};
  std::unique_ptr<TempDir> dirB_;
  std::unique_ptr<Daemon> b_;
};

TEST_F(ClusterSubscriptionsTest, AStoppedNodesSubscriptionsAreMadeAgainByTheOther) {
  for (int i = 0; i < kMoreMailboxes; ++i) {
    const std::string mailbox = "user" + std::to_string(i) + "@contoso.com";
    exchange_->addMailbox(mailbox);
    registerMailbox(mailbox);
    mailboxes_.insert(mailbox);
  }
  ASSERT_TRUE(waitUntilAllOn(daemon_->publicBase(), seconds(30))) << daemon_->log();

  dirB_ = std::make_unique<TempDir>();
  b_ = std::make_unique<Daemon>(dirB_->path(), nodeConfig("enp-b"), url_);
  Poco::File(b_->dataDir()).createDirectories();
  Poco::File(daemon_->dataDir() + "/enp.key").copyTo(b_->dataDir() + "/enp.key");
  ASSERT_TRUE(b_->start()) << b_->log();

  const auto stopped = std::chrono::steady_clock::now();
  ASSERT_EQ(daemon_->stop(), 0);
  fakes::FakeItem item;
  item.id = "while-a-was-stopped";
  item.from = {"Bob Builder", "bob@fabrikam.com", "SMTP", "Mailbox"};
  item.subject = "Arrived during the takeover";
  item.body = "Hello Alice";
  item.received = nowXsDateTime();
  exchange_->deliverMail(kMailbox, item);

  ASSERT_TRUE(waitUntilAllOn(b_->publicBase(), seconds(60))) << b_->log();
  const auto took =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - stopped);
  std::cout << "node b subscribed all " << mailboxes_.size() << " mailboxes " << took.count()
            << " ms after node a stopped\n";
  RecordProperty("takeover_ms", static_cast<int>(took.count()));
  EXPECT_GE(b_->countLog("from its last watermark"), 1U) << b_->log();

  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << b_->log();
  // Node b's subscriptions carry on: a later mail is the sync point for a duplicate.
  item.id = "after-the-takeover";
  item.subject = "After the takeover";
  item.received = nowXsDateTime();
  exchange_->deliverMail(kMailbox, item);
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(30))) << b_->log();
  std::multiset<std::string> subjects;
  for (const auto& p : cns_->pushes()) {
    subjects.insert(p.notification()->getValue<std::string>("subject"));
  }
  EXPECT_EQ(subjects,
            (std::multiset<std::string>{"Arrived during the takeover", "After the takeover"}));
  EXPECT_EQ(cns_->counters().duplicates, 0U);
}

}  // namespace
}  // namespace itest
