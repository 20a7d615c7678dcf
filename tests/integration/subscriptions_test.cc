// ENP keeps the push subscriptions of a server set to "enp": the real binary against the fake
// Exchange, with a short Exchange minute on both sides (200 ms) so that heartbeats, staleness
// and Exchange's retries happen within seconds.
#include <Poco/Net/ServerSocket.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <vector>

#include "admin_fixture.h"

namespace itest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Counters = fakes::PushCounters;

class EnpSubscriptionsTest : public AdminTest {
 protected:
  std::string daemonConfig() const override { return "[subscriptions]\nminute_ms = 200\n"; }
  fakes::FakeExchangeOptions exchangeOptions() const override {
    fakes::FakeExchangeOptions o;
    o.push.minuteLength = milliseconds(200);
    return o;
  }
  std::string exchangeSettings() const override {
    return R"(,"subscriptions":"enp","statusFrequencyMinutes":)" +
           std::to_string(statusFrequencyMinutes()) + "";
  }
  /// Exchange's shortest by default: a heartbeat every 200 ms here.
  virtual int statusFrequencyMinutes() const { return 1; }

  void SetUp() override {
    AdminTest::SetUp();
    ASSERT_TRUE(waitFor([](const Counters& c) { return c.subscribed >= 1; })) << daemon_->log();
  }

  bool waitFor(const std::function<bool(const Counters&)>& done) {
    return exchange_->waitForPush(done, seconds(30));
  }

  void deliver(const std::string& id, const std::string& subject) {
    fakes::FakeItem item;
    item.id = id;
    item.from = {"Bob Builder", "bob@fabrikam.com", "SMTP", "Mailbox"};
    item.subject = subject;
    item.body = "Hello Alice";
    item.received = nowXsDateTime();
    exchange_->deliverMail(kMailbox, item);
  }

  std::vector<std::string> pushedSubjects() {
    std::vector<std::string> out;
    for (const auto& p : cns_->pushes()) {
      out.push_back(p.notification()->getValue<std::string>("subject"));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::vector<fakes::RecordedCall> subscribeCalls() {
    std::vector<fakes::RecordedCall> out;
    for (const auto& c : exchange_->calls()) {
      if (c.operation == "Subscribe") {
        out.push_back(c);
      }
    }
    return out;
  }
};

TEST_F(EnpSubscriptionsTest, ARegistrationIsSubscribedImpersonatedAndItsMailPushed) {
  const auto subs = exchange_->subscriptions();
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].mailbox, kMailbox);
  EXPECT_EQ(subs[0].statusFrequencyMinutes, 1);
  EXPECT_EQ(subs[0].url.rfind(daemon_->publicBase() + "/ews/notify/", 0), 0u) << subs[0].url;
  const auto calls = subscribeCalls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].impersonationKind, "SmtpAddress");
  EXPECT_EQ(calls[0].mailbox, kMailbox);
  EXPECT_EQ(calls[0].anchorMailbox, kMailbox);
  EXPECT_TRUE(calls[0].preferServerAffinity);
  EXPECT_EQ(exchange_->counters().schemaRejected, 0u);
  // The log says so, with the subscription's id and never the callback URL's token.
  expectLog("subscribed alice@contoso.com on ex1: subscription " + subs[0].id);
  const std::string token = subs[0].url.substr(subs[0].url.rfind('/') + 1);
  EXPECT_EQ(daemon_->log().find(token), std::string::npos);
  // The app's own callback URL is ENP's no more: Exchange is told to stop using it.
  EXPECT_NE(subs[0].url, reg_.callbackUrl);
  EXPECT_EQ(pushNewMail(callbackUrlNow(reg_), "app-made").status,
            fakes::PushOutcome::Status::kUnsubscribe);

  deliver("m1", "Budget for Q3");
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  EXPECT_EQ(pushedSubjects(), (std::vector<std::string>{"Budget for Q3"}));
  // Heartbeats keep it alive: nothing is subscribed again.
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.heartbeats >= 5; }));
  EXPECT_EQ(exchange_->counters().subscribes, 1u) << daemon_->log();
  EXPECT_EQ(exchange_->counters().affinityMisses, 0u);
  // What the administrator sees: the registration's subscription, and the count on the dashboard.
  auto detail = parseObject(admin_->call("GET", "/api/v1/admin/registrations/" + reg_.id).body);
  EXPECT_EQ(detail->getObject("subscription")->getValue<std::string>("state"), "active");
  auto dashboard = parseObject(admin_->call("GET", "/api/v1/admin/dashboard").body);
  EXPECT_EQ(dashboard->getObject("subscriptions")->getValue<int>("active"), 1);
}

TEST_F(EnpSubscriptionsTest,
       ForgottenSubscriptionsAreRenewedFromTheWatermarkAndMissedMailPushedOnce) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.heartbeats >= 1; }));
  exchange_->restart();
  deliver("m1", "During the outage 1");
  deliver("m2", "During the outage 2");
  deliver("m3", "During the outage 3");
  // Silence for 2 x StatusFrequency + grace: ENP subscribes again with its last watermark and
  // Exchange replays the three mails.
  ASSERT_TRUE(cns_->waitForPushes(3, seconds(30))) << daemon_->log();
  const auto calls = subscribeCalls();
  ASSERT_GE(calls.size(), 2u);
  EXPECT_NE(calls[1].body.find("Watermark>"), std::string::npos) << calls[1].body;
  EXPECT_FALSE(calls[1].backEndOverrideCookie.empty());
  deliver("m4", "After the outage");
  ASSERT_TRUE(cns_->waitForPushes(4, seconds(30))) << daemon_->log();
  EXPECT_EQ(pushedSubjects(),
            (std::vector<std::string>{"After the outage", "During the outage 1",
                                      "During the outage 2", "During the outage 3"}));
  EXPECT_EQ(cns_->counters().duplicates, 0u);
  EXPECT_EQ(cns_->counters().accepted, 4u);
}

TEST_F(EnpSubscriptionsTest, AnUnusableWatermarkMeansAFreshSubscriptionAndACatchUp) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.heartbeats >= 1; }));
  exchange_->restart();
  exchange_->forgetEvents(kMailbox);
  deliver("m1", "Missed 1");
  deliver("m2", "Missed 2");
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(30))) << daemon_->log();
  EXPECT_GE(exchange_->counters().findItems, 1u);
  deliver("m3", "Live again");
  ASSERT_TRUE(cns_->waitForPushes(3, seconds(30))) << daemon_->log();
  EXPECT_EQ(pushedSubjects(), (std::vector<std::string>{"Live again", "Missed 1", "Missed 2"}));
  EXPECT_EQ(cns_->counters().duplicates, 0u);
  expectLog("catching up");
  // The fresh subscription's notifications continue from its own watermark: no gap, and no
  // further renewal (the first Subscribe, the refused watermark and the fresh one).
  const uint64_t heartbeats = exchange_->pushCounters().heartbeats;
  ASSERT_TRUE(waitFor([&](const Counters& c) { return c.heartbeats >= heartbeats + 10; }));
  EXPECT_EQ(exchange_->counters().subscribes, 3u) << daemon_->log();
  const std::string text = httpRequest("GET", daemon_->adminBase() + "/metrics").body;
  EXPECT_EQ(metricValue(text, "enp_watermark_gaps_total"), 0);
  // Each of the three is counted once, by how it ended.
  EXPECT_EQ(metricValue(text, R"(enp_subscribes_total{result="ok"})"), 2) << text;
  EXPECT_EQ(metricValue(text, R"(enp_subscribes_total{result="watermark_refused"})"), 1) << text;
  EXPECT_EQ(metricValue(text, R"(enp_subscribes_total{result="failed"})"), 0) << text;
}

TEST_F(EnpSubscriptionsTest, ARevokedRegistrationIsUnsubscribedAndNeverSubscribedAgain) {
  auto r = httpRequest("DELETE", daemon_->publicBase() + "/api/v1/registrations/" + reg_.id, "", "",
                       {{"Authorization", "Bearer " + reg_.secret}});
  ASSERT_EQ(r.status, 204) << r.body;
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.unsubscribed >= 1; })) << daemon_->log();
  // The administrator sees it ended, not "active".
  auto detail = parseObject(admin_->call("GET", "/api/v1/admin/registrations/" + reg_.id).body);
  const auto subscription = detail->getObject("subscription");
  EXPECT_EQ(subscription->getValue<std::string>("state"), "revoked");
  EXPECT_EQ(subscription->getValue<int64_t>("endedAt"), detail->getValue<int64_t>("revokedAt"));
  EXPECT_TRUE(subscription->has("subscribedAt"));
  // Another registration is subscribed: the keeper has looked at everything since.
  registerMailbox("bob@contoso.com");
  exchange_->addMailbox("bob@contoso.com");
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.subscribed >= 2; })) << daemon_->log();
  const auto subs = exchange_->subscriptions();
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_EQ(subs[1].mailbox, "bob@contoso.com");
  EXPECT_NE(subs[1].id, subs[0].id);
  // The dashboard counts bob's subscription (in whichever state it is now), never alice's.
  const std::string dashboard = admin_->call("GET", "/api/v1/admin/dashboard").body;
  int counted = 0;
  const auto counts = parseObject(dashboard)->getObject("subscriptions");
  for (const auto& [state, count] : *counts) {
    counted += count.convert<int>();
  }
  EXPECT_EQ(counted, 1) << dashboard;
}

// Exchange's shortest StatusFrequency, one real minute, on both sides (no short test minute):
// the heartbeat every minute keeps the subscription active, and a subscription Exchange forgot is
// noticed within 2 x 1 minute + grace (31 s) and renewed from its watermark. Takes ~3.5 minutes.
class EnpSubscriptionsRealMinuteTest : public EnpSubscriptionsTest {
 protected:
  std::string daemonConfig() const override { return ""; }
  fakes::FakeExchangeOptions exchangeOptions() const override { return {}; }
};

TEST_F(EnpSubscriptionsRealMinuteTest, AtTheOneMinuteMinimumASilentSubscriptionIsRenewedInTime) {
  ASSERT_TRUE(
      exchange_->waitForPush([](const Counters& c) { return c.heartbeats >= 1; }, seconds(90)))
      << daemon_->log();
  auto detail = parseObject(admin_->call("GET", "/api/v1/admin/registrations/" + reg_.id).body);
  EXPECT_EQ(detail->getObject("subscription")->getValue<std::string>("state"), "active");
  ASSERT_TRUE(detail->has("lastSeenAt"));       // the heartbeat counts as contact
  EXPECT_TRUE(detail->has("lastWatermarkAt"));  // and carries the newest watermark

  exchange_->restart();
  deliver("m1", "During the outage");
  // Stale 2 minutes + 31 s after the heartbeat; 20 s more for the renewal and the push.
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(2 * 60 + 31 + 20))) << daemon_->log();
  const auto calls = subscribeCalls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_NE(calls[1].body.find("Watermark>"), std::string::npos) << calls[1].body;
  EXPECT_NE(calls[1].body.find("<t:StatusFrequency>1</t:StatusFrequency>"), std::string::npos)
      << calls[1].body;
  EXPECT_EQ(pushedSubjects(), std::vector<std::string>{"During the outage"});
  EXPECT_EQ(cns_->counters().duplicates, 0u);
}

// 200 registrations of a server switched from "app" to "enp" are all due at once (as after a
// start or an outage): ENP sends their Subscribes at rate_per_server, never faster, until every
// one is subscribed. A slower machine only spreads them more. A heartbeat every 30 "minutes"
// (6 s) keeps the callbacks few.
class EnpSubscriptionsRateTest : public EnpSubscriptionsTest {
 protected:
  static constexpr int kRegistrations = 200;
  static constexpr int kRate = 50;
  static constexpr int kBurst = 5;  // The limiter's: a tenth of a second's worth, at least 1.
  // The limiter's own bound is kRate + kBurst Subscribes in any second as ENP sends them. The
  // fake sees them later, by how long each took to arrive: a busy machine can hold some back and
  // deliver them together, so a second at the fake may count up to kJitter more (a stall of
  // 300 ms). The whole run cannot be shorter than the limiter allows, less the same stall.
  static constexpr int kJitter = kRate * 3 / 10;

  std::string daemonConfig() const override {
    return EnpSubscriptionsTest::daemonConfig() + "rate_per_server = " + std::to_string(kRate) +
           "\n";
  }
  std::string exchangeSettings() const override {
    return enp_ ? EnpSubscriptionsTest::exchangeSettings() : "";
  }
  int statusFrequencyMinutes() const override { return 30; }
  void SetUp() override { AdminTest::SetUp(); }  // Nothing is subscribed before the switch.

  bool enp_ = false;
};

TEST_F(EnpSubscriptionsRateTest, ManyRegistrationsSubscribeAtTheConfiguredRate) {
  for (int i = 1; i < kRegistrations; ++i) {
    const std::string mailbox = "user" + std::to_string(i) + "@contoso.com";
    exchange_->addMailbox(mailbox);
    ASSERT_FALSE(registerMailbox(mailbox).id.empty());
  }
  enp_ = true;
  importSettings();
  ASSERT_TRUE(exchange_->waitForPush(
      [](const Counters& c) { return c.subscribed >= kRegistrations; }, seconds(120)))
      << exchange_->pushCounters().subscribed << " subscribed\n"
      << daemon_->log();
  // Every mailbox has its subscription, made with a valid request.
  std::set<std::string> mailboxes;
  for (const auto& sub : exchange_->subscriptions()) {
    mailboxes.insert(sub.mailbox);
  }
  EXPECT_EQ(mailboxes.size(), static_cast<size_t>(kRegistrations));
  EXPECT_EQ(exchange_->counters().schemaRejected, 0u);
  // In no second did Exchange receive more than the rate and the limiter's burst (and the
  // delivery jitter).
  std::vector<std::chrono::steady_clock::time_point> at;
  for (const auto& call : subscribeCalls()) {
    at.push_back(call.at);
  }
  std::sort(at.begin(), at.end());
  size_t busiest = 0;
  for (size_t first = 0, last = 0; first < at.size(); ++first) {
    while (last < at.size() && at[last] - at[first] < seconds(1)) {
      ++last;
    }
    busiest = std::max(busiest, last - first);
  }
  const auto spanMs = std::chrono::duration_cast<milliseconds>(at.back() - at.front()).count();
  EXPECT_LE(busiest, static_cast<size_t>(kRate + kBurst + kJitter)) << "over " << spanMs << " ms";
  // 200 Subscribes at 50/s with a burst of 5 take at least (200 - 5) / 50 = 3.9 s.
  const int64_t shortestMs = (kRegistrations - kBurst) * 1000 / kRate - 300;
  EXPECT_GE(spanMs, shortestMs);
  RecordProperty("busiest_second", static_cast<int>(busiest));
}

// A heartbeat every 30 "minutes" (6 s here): Exchange retries an unanswered notification for
// that long, so a restart of ENP takes less time than the subscription has to live. The public
// port stays the same across the restart, as base_url does in a real installation.
class EnpSubscriptionsRestartTest : public EnpSubscriptionsTest {
 protected:
  int statusFrequencyMinutes() const override { return 30; }
  std::string daemonConfig() const override {
    return EnpSubscriptionsTest::daemonConfig() +
           "[public]\nlisten = 127.0.0.1:" + std::to_string(port_) + "\n";
  }

  static uint16_t freePort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
  }

  const uint16_t port_ = freePort();
};

TEST_F(EnpSubscriptionsRestartTest, ARestartOfEnpKeepsALiveSubscription) {
  deliver("m1", "Before ENP restarted");
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  ASSERT_EQ(daemon_->stop(), 0);
  ASSERT_TRUE(daemon_->start()) << daemon_->log();
  deliver("m2", "After ENP restarted");
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(30))) << daemon_->log();
  // The keeper has looked at the record since the start and left it as it was.
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.heartbeats >= 1; })) << daemon_->log();
  EXPECT_EQ(exchange_->counters().subscribes, 1u) << daemon_->log();
  EXPECT_EQ(exchange_->subscriptions().size(), 1u);
}

}  // namespace
}  // namespace itest
