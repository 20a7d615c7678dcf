// The subscription keeper on a real database, with scripted Subscribe/FindItem answers and a
// fake clock: what it subscribes, when it renews, how it catches up, how it alerts.
#include "enp/source/ews/subscription_keeper.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <mutex>

#include "enp/store/sql/statement.h"
#include "fake_clock.h"
#include "registration_rows.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using testsupport::valueOf;

// Subscribe and FindItem as scripted, recording what was asked.
class ScriptedCalls : public SubscriptionCalls {
 public:
  struct Asked {
    std::string mailbox;
    std::string callbackUrl;
    std::string watermark;
    std::string cookie;
    minutes frequency{0};
    std::chrono::steady_clock::time_point at;
  };

  SubscribeOutcome subscribe(const Target& target, const std::string& callbackUrl,
                             const std::string& watermark, minutes frequency) override {
    std::lock_guard<std::mutex> lock(mutex_);
    asked.push_back({target.mailbox, callbackUrl, watermark, target.affinityCookie, frequency,
                     std::chrono::steady_clock::now()});
    askedCv_.notify_all();
    if (!script.empty()) {
      SubscribeOutcome o = script.front();
      script.pop_front();
      return o;
    }
    SubscribeOutcome ok;
    ok.end = SubscribeEnd::kSubscribed;
    ok.subscriptionId = "sub-" + std::to_string(asked.size());
    ok.watermark = "wm-start-" + std::to_string(asked.size());
    ok.affinityCookie = "cookie-" + target.mailbox;
    return ok;
  }

  Result<std::vector<Found>> findSince(const Target& target, int64_t sinceMs, int limit) override {
    std::lock_guard<std::mutex> lock(mutex_);
    findSinceMs.push_back(sinceMs);
    (void)target;
    std::vector<Found> out;
    for (const Found& f : inbox) {
      if (f.receivedAt > sinceMs && static_cast<int>(out.size()) < limit) {
        out.push_back(f);
      }
    }
    return out;
  }

  /// Waits until n Subscribes were asked; false after `limit`.
  bool waitForAsked(size_t n, std::chrono::seconds limit) {
    std::unique_lock<std::mutex> lock(mutex_);
    return askedCv_.wait_for(lock, limit, [&] { return asked.size() >= n; });
  }

  static SubscribeOutcome failing(SubscribeEnd end) {
    SubscribeOutcome o;
    o.end = end;
    o.detail = "scripted";
    return o;
  }

  std::mutex mutex_;
  std::condition_variable askedCv_;
  std::deque<SubscribeOutcome> script;
  std::vector<Asked> asked;
  std::vector<Found> inbox;
  std::vector<int64_t> findSinceMs;
};

class SubscriptionKeeperTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    ExchangeServer enp;
    enp.name = "mail1";
    enp.domains = {"contoso.com"};
    enp.subscriptions = ExchangeServer::Subscriptions::kEnp;
    enp.statusFrequencyMinutes = 15;
    ExchangeServer app;
    app.name = "legacy";
    app.domains = {"fabrikam.com"};
    auto s = std::make_shared<Settings>();
    s->exchange = {enp, app};
    settings_ = s;
    subscriptions_ = std::make_unique<SubscriptionStore>(*db_);
    events_ = std::make_unique<EventStore>(*db_);
  }

  std::unique_ptr<SubscriptionKeeper> keeper(
      double rate = 1000, int concurrency = 4, const cluster::ShareBook* shares = nullptr,
      std::chrono::milliseconds fullLookEvery = std::chrono::minutes(1)) {
    SubscriptionKeeper::Deps deps{
        *subscriptions_,
        *events_,
        metrics_,
        clock_,
        calls_,
        [this] { return settings_; },
        [](const std::string& id) { return "https://enp.contoso.com/ews/notify/t-" + id; },
        [this](const std::string& key, const std::string& message) {
          alerts_.push_back({key, message});
        }};
    deps.shares = shares;
    SubscriptionKeeper::Options o;
    o.ratePerServer = rate;
    o.concurrency = concurrency;
    o.fullLookEvery = fullLookEvery;
    return std::make_unique<SubscriptionKeeper>(deps, o);
  }

  void add(const std::string& id, const std::string& mailbox = "", int64_t lastSeenAt = 0,
           const std::string& watermark = "") {
    testsupport::addRegistrationRow(*db_, {id, mailbox, 1, lastSeenAt, watermark, false});
  }

  std::string lastWatermark(const std::string& id) {
    auto g = db_->reader();
    sql::Statement q(g.db, "SELECT COALESCE(last_watermark, '') FROM registrations WHERE id = ?");
    q.bind(1, id);
    q.executeStep();
    return q.getColumn(0).getString();
  }

  std::vector<std::string> queuedItems(const std::string& id) {
    auto g = db_->reader();
    sql::Statement q(g.db, "SELECT item_id FROM events WHERE registration_id = ? ORDER BY id");
    q.bind(1, id);
    std::vector<std::string> out;
    while (q.executeStep()) {
      out.push_back(q.getColumn(0).getString());
    }
    return out;
  }

  testsupport::FakeClock clock_;
  Metrics metrics_;
  ScriptedCalls calls_;
  std::shared_ptr<const Settings> settings_;
  std::unique_ptr<SubscriptionStore> subscriptions_;
  std::unique_ptr<EventStore> events_;
  std::vector<std::pair<std::string, std::string>> alerts_;
};

TEST_F(SubscriptionKeeperTest, SubscribesNewRegistrationsOfEnpServersOnly) {
  add("a");
  add("b", "b@fabrikam.com");
  keeper()->runOnce();
  ASSERT_EQ(calls_.asked.size(), 1u);
  EXPECT_EQ(calls_.asked[0].mailbox, "a@contoso.com");
  EXPECT_EQ(calls_.asked[0].callbackUrl, "https://enp.contoso.com/ews/notify/t-a");
  EXPECT_EQ(calls_.asked[0].watermark, "");
  EXPECT_EQ(calls_.asked[0].frequency, minutes(15));
  const SubscriptionRecord a = valueOf(subscriptions_->find("a"));
  EXPECT_EQ(a.state, SubscriptionState::kActive);
  EXPECT_EQ(a.subscriptionId, "sub-1");
  EXPECT_EQ(a.affinityCookie, "cookie-a@contoso.com");
  EXPECT_EQ(lastWatermark("a"), "wm-start-1");
  EXPECT_EQ(valueOf(subscriptions_->find("b")).state, SubscriptionState::kAppManaged);
}

TEST_F(SubscriptionKeeperTest, KeepsOnlyTheRegistrationsOfTheSharesThisNodeHolds) {
  std::string other = "b";
  while (cluster::shareOf(other) == cluster::shareOf("a")) {
    other += "b";
  }
  add("a");
  add(other, other + "@contoso.com");
  cluster::ShareBook shares(clock_);
  shares.hold({cluster::shareOf("a")}, clock_.nowMs() + 60000);
  auto k = keeper(1000, 4, &shares);
  k->runOnce();
  ASSERT_EQ(calls_.asked.size(), 1u) << "the other registration is another node's";
  EXPECT_EQ(calls_.asked[0].mailbox, "a@contoso.com");
  // Its share comes to this node (the other node stopped): it is subscribed at the next look.
  shares.hold({cluster::shareOf("a"), cluster::shareOf(other)}, clock_.nowMs() + 60000);
  k->runOnce();
  ASSERT_EQ(calls_.asked.size(), 2u);
  EXPECT_EQ(calls_.asked[1].mailbox, other + "@contoso.com");
}

TEST_F(SubscriptionKeeperTest, ALiveSubscriptionIsLeftAloneAndASilentOneRenewedFromItsWatermark) {
  add("a");
  auto k = keeper();
  k->runOnce();
  ASSERT_EQ(calls_.asked.size(), 1u);
  // Heartbeats keep it alive: callbacks refresh last_seen_at and the watermark.
  for (int i = 0; i < 4; ++i) {
    clock_.advance(minutes(15));
    NotifyWrite heartbeat;
    heartbeat.registrationId = "a";
    heartbeat.subscriptionId = "sub-1";
    heartbeat.watermark = "wm-" + std::to_string(i);
    heartbeat.nowMs = clock_.nowMs();
    ASSERT_OK(events_->persist(heartbeat));
    k->runOnce();
  }
  EXPECT_EQ(calls_.asked.size(), 1u);
  // Then silence: due at 2 x 15 min + 30 s after the last heartbeat, not before.
  clock_.advance(minutes(30));
  k->runOnce();
  EXPECT_EQ(calls_.asked.size(), 1u);
  clock_.advance(milliseconds(30'001));
  k->runOnce();
  ASSERT_EQ(calls_.asked.size(), 2u);
  EXPECT_EQ(calls_.asked[1].watermark, "wm-3");
  EXPECT_EQ(calls_.asked[1].cookie, "cookie-a@contoso.com");
  EXPECT_EQ(valueOf(subscriptions_->find("a")).subscriptionId, "sub-2");
  EXPECT_EQ(metrics_.counter("enp_resubscriptions_total").value(), 1u);
}

TEST_F(SubscriptionKeeperTest, AnUnusableWatermarkMeansAFreshSubscriptionAndACatchUp) {
  const int64_t lastSeen = clock_.nowMs() - 40 * 60'000;
  add("a", "", lastSeen, "wm-old");
  ASSERT_OK(
      subscriptions_->save({"a", SubscriptionState::kActive, "sub-0", lastSeen, 0, 0, "", "", ""}));
  // One mail was already queued by the old subscription before it died.
  NotifyWrite before;
  before.registrationId = "a";
  before.nowMs = lastSeen;
  before.items.push_back({"item-1", "", "sub-0", "", lastSeen});
  ASSERT_OK(events_->persist(before));
  calls_.script.push_back(ScriptedCalls::failing(SubscribeEnd::kWatermarkUnusable));
  calls_.inbox = {{"item-0", lastSeen - 10 * 60'000},
                  {"item-1", lastSeen + 1000},
                  {"item-2", lastSeen + 2000},
                  {"item-3", lastSeen + 3000}};
  keeper()->runOnce();
  ASSERT_EQ(calls_.asked.size(), 2u);
  EXPECT_EQ(calls_.asked[0].watermark, "wm-old");
  EXPECT_EQ(calls_.asked[1].watermark, "");
  ASSERT_EQ(calls_.findSinceMs.size(), 1u);
  EXPECT_EQ(calls_.findSinceMs[0], lastSeen - 5 * 60'000);  // a margin for the clocks
  // Each missed mail once; the one queued before not again; the older one not at all.
  EXPECT_EQ(queuedItems("a"), (std::vector<std::string>{"item-1", "item-2", "item-3"}));
  EXPECT_EQ(metrics_.counter("enp_catchup_items_total").value(), 2u);
  EXPECT_EQ(valueOf(subscriptions_->find("a")).state, SubscriptionState::kActive);
  // Two Subscribes: the refused renewal and the fresh one, each counted once.
  EXPECT_EQ(metrics_.counter("enp_subscribes_total{result=\"watermark_refused\"}").value(), 1u);
  EXPECT_EQ(metrics_.counter("enp_subscribes_total{result=\"ok\"}").value(), 1u);
  EXPECT_EQ(metrics_.counter("enp_subscribes_total{result=\"failed\"}").value(), 0u);
}

TEST_F(SubscriptionKeeperTest, TheFreshSubscribeAfterARefusedWatermarkWaitsItsTurnToo) {
  const int64_t lastSeen = clock_.nowMs() - 40 * 60'000;
  add("a", "", lastSeen, "wm-old");
  ASSERT_OK(
      subscriptions_->save({"a", SubscriptionState::kActive, "sub-0", lastSeen, 0, 0, "", "", ""}));
  calls_.script.push_back(ScriptedCalls::failing(SubscribeEnd::kWatermarkUnusable));
  // 10 per second with a burst of 1: the second Subscribe 100 ms after the first at the soonest.
  keeper(10, 1)->runOnce();
  ASSERT_EQ(calls_.asked.size(), 2u);
  EXPECT_GE(calls_.asked[1].at - calls_.asked[0].at, milliseconds(95));
}

TEST_F(SubscriptionKeeperTest, ACatchUpGoesBackNoFurtherThanTheMaximumAge) {
  const int64_t lastSeen = clock_.nowMs() - 24 * 60 * 60'000;
  add("a", "", lastSeen, "wm-old");
  ASSERT_OK(
      subscriptions_->save({"a", SubscriptionState::kActive, "sub-0", lastSeen, 0, 0, "", "", ""}));
  calls_.script.push_back(ScriptedCalls::failing(SubscribeEnd::kWatermarkUnusable));
  keeper()->runOnce();
  ASSERT_EQ(calls_.findSinceMs.size(), 1u);
  EXPECT_EQ(calls_.findSinceMs[0], clock_.nowMs() - settings_->policy.maxAgeMinutes * 60'000LL);
}

TEST_F(SubscriptionKeeperTest, AServerProblemIsOneAlertResolvedByTheNextSuccess) {
  add("a");
  add("b");
  add("c");
  for (int i = 0; i < 3; ++i) {
    calls_.script.push_back(ScriptedCalls::failing(SubscribeEnd::kImpersonationDenied));
  }
  auto k = keeper(1000, 1);
  k->runOnce();
  ASSERT_EQ(calls_.asked.size(), 3u);
  ASSERT_EQ(alerts_.size(), 1u);
  EXPECT_EQ(alerts_[0].first, "subscriptions-failing:mail1");
  EXPECT_NE(alerts_[0].second.find("impersonat"), std::string::npos);
  EXPECT_EQ(valueOf(subscriptions_->find("a")).state, SubscriptionState::kFailing);
  // Retried after the back-off (5 min with jitter, at most 5 min), and then it works.
  k->runOnce();
  EXPECT_EQ(calls_.asked.size(), 3u);
  clock_.advance(minutes(5));
  k->runOnce();
  EXPECT_EQ(calls_.asked.size(), 6u);
  ASSERT_EQ(alerts_.size(), 2u);
  EXPECT_EQ(alerts_[1], std::make_pair(std::string("subscriptions-failing:mail1"), std::string()));
}

TEST_F(SubscriptionKeeperTest, AMissingMailboxIsGivenUpAfterThreeAttempts) {
  add("a");
  for (int i = 0; i < 5; ++i) {
    calls_.script.push_back(ScriptedCalls::failing(SubscribeEnd::kMailboxMissing));
  }
  auto k = keeper();
  for (int i = 0; i < 6; ++i) {
    k->runOnce();
    clock_.advance(minutes(30));
  }
  EXPECT_EQ(calls_.asked.size(), 3u);
  EXPECT_EQ(valueOf(subscriptions_->find("a")).state, SubscriptionState::kMailboxMissing);
  EXPECT_TRUE(alerts_.empty());
}

TEST_F(SubscriptionKeeperTest, SubscribesGoOutAtTheConfiguredRate) {
  for (int i = 0; i < 60; ++i) {
    add("r" + std::to_string(i));
  }
  // 100 per second, bursts of at most 10: in any second no more than 110.
  auto k = keeper(100, 8);
  k->start();
  k->wake();
  ASSERT_TRUE(calls_.waitForAsked(60, std::chrono::seconds(30)));
  k->stop();
  ASSERT_EQ(calls_.asked.size(), 60u);
  const auto first = calls_.asked.front().at;
  const auto last = calls_.asked.back().at;
  // 60 requests with a burst of 10 at 100/s take at least 0.5 s.
  EXPECT_GE(last - first, milliseconds(450));
}

TEST_F(SubscriptionKeeperTest, BetweenFullLooksTheRegistrationsCreatedSinceTheLastAreFound) {
  add("first");
  auto k = keeper(1000, 4, nullptr, std::chrono::hours(1));
  k->start();
  ASSERT_TRUE(calls_.waitForAsked(1, std::chrono::seconds(30)));
  // After the first look (a full one): one registration created now, one long ago (as a row
  // restored from elsewhere would be).
  testsupport::addRegistrationRow(*db_, {"old", "", 1, 0, "", false});
  testsupport::addRegistrationRow(*db_, {"new", "", clock_.nowMs(), 0, "", false});
  k->wake();
  ASSERT_TRUE(calls_.waitForAsked(2, std::chrono::seconds(30)));
  k->stop();
  EXPECT_EQ(calls_.asked[1].mailbox, "new@contoso.com");
  // The look that found "new" stored a record of everything it found before any Subscribe:
  // "old" was not among them.
  EXPECT_FALSE(subscriptions_->find("old").ok());
  // A full look finds it (a keeper's first, here).
  keeper()->runOnce();
  ASSERT_EQ(calls_.asked.size(), 3u);
  EXPECT_EQ(calls_.asked[2].mailbox, "old@contoso.com");
}

TEST_F(SubscriptionKeeperTest, SwitchingAServerToAppStopsWatchingAndBackResubscribes) {
  add("a", "", clock_.nowMs() - 1000, "wm-app");
  auto k = keeper();
  auto app = std::make_shared<Settings>(*settings_);
  app->exchange[0].subscriptions = ExchangeServer::Subscriptions::kApp;
  settings_ = app;
  k->runOnce();
  EXPECT_TRUE(calls_.asked.empty());
  EXPECT_EQ(valueOf(subscriptions_->find("a")).state, SubscriptionState::kAppManaged);
  auto enp = std::make_shared<Settings>(*app);
  enp->exchange[0].subscriptions = ExchangeServer::Subscriptions::kEnp;
  settings_ = enp;
  ASSERT_OK(subscriptions_->recheckAll());
  k->runOnce();
  ASSERT_EQ(calls_.asked.size(), 1u);
  EXPECT_EQ(calls_.asked[0].watermark, "wm-app");
}

}  // namespace
}  // namespace enp
