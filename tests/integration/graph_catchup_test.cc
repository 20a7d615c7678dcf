// Exchange Online through Microsoft Graph, the hard cases end to end (the real `enp` binary, the
// fake Graph over HTTPS, the fake CNS): missed notifications caught up with a delta query on the
// Inbox and each mail pushed once; notifications answered while message GETs hang; at most four
// message GETs of a mailbox at once; Graph's 429 and 503 with Retry-After honoured.
#include <algorithm>
#include <set>

#include "graph_fixture.h"

namespace itest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Counters = fakes::FakeGraphCounters;

std::multiset<std::string> pushedSubjects(const fakes::FakeCns& cns) {
  std::multiset<std::string> out;
  for (const auto& push : cns.pushes()) {
    out.insert(push.notification()->getValue<std::string>("subject"));
  }
  return out;
}

TEST_F(GraphTest, MissedNotificationsAreCaughtUpWithADeltaQueryAndEachMailPushedOnce) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  graph_->deliverMail(kMailbox, mail("m-1", "Notified before"));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  // Two mails whose notifications Graph could not deliver, and one it delivered.
  graph_->addMessage(kMailbox, mail("m-2", "Missed one"));
  graph_->addMessage(kMailbox, mail("m-3", "Missed two"));
  graph_->deliverMail(kMailbox, mail("m-4", "Notified meanwhile"));
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(30))) << daemon_->log();

  const std::string sub = graph_->subscriptions().at(0).id;
  const auto answer = graph_->sendLifecycle(sub, "missed");
  EXPECT_EQ(answer.status, 202) << answer.body;
  ASSERT_TRUE(daemon_->waitForLog("graph catch-up (", 1, seconds(30))) << daemon_->log();
  ASSERT_TRUE(cns_->waitForPushes(4, seconds(30))) << daemon_->log();
  // The initial round since the last notification, two messages a page: two pages.
  Counters c = graph_->counters();
  EXPECT_EQ(c.deltaInitialRounds, 1u);
  EXPECT_EQ(c.deltaRequests, 2u);
  EXPECT_NE(graph_->lastDeltaQuery().find("$skiptoken="), std::string::npos);
  // The two missed mails pushed; the two notified ones not again.
  EXPECT_EQ(pushedSubjects(*cns_),
            (std::multiset<std::string>{"Notified before", "Missed one", "Missed two",
                                        "Notified meanwhile"}));
  EXPECT_EQ(metricValue(metrics(), "enp_graph_catchups_total"), 1);
  EXPECT_EQ(metricValue(metrics(), "enp_graph_catchup_items_total"), 2);

  // Missed again: the next delta query starts from the deltaLink the last one ended with and
  // finds only what came since.
  graph_->addMessage(kMailbox, mail("m-5", "Missed later"));
  EXPECT_EQ(graph_->sendLifecycle(sub, "missed").status, 202);
  ASSERT_TRUE(daemon_->waitForLog("graph catch-up (", 2, seconds(30))) << daemon_->log();
  ASSERT_TRUE(cns_->waitForPushes(5, seconds(30))) << daemon_->log();
  c = graph_->counters();
  EXPECT_EQ(c.deltaInitialRounds, 1u);
  EXPECT_EQ(c.deltaFollowUps, 1u);
  EXPECT_EQ(c.deltaRequests, 3u);
  EXPECT_NE(graph_->lastDeltaQuery().find("$deltatoken="), std::string::npos);
  EXPECT_EQ(pushedSubjects(*cns_).count("Missed later"), 1u);
  EXPECT_EQ(cns_->counters().accepted, 5u);
  EXPECT_EQ(metricValue(metrics(), "enp_graph_catchup_items_total"), 3);
}

TEST_F(GraphTest, ADeltaStateGraphLostStartsANewDeltaQuery) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  const std::string sub = graph_->subscriptions().at(0).id;
  graph_->addMessage(kMailbox, mail("g-1", "Missed first"));
  EXPECT_EQ(graph_->sendLifecycle(sub, "missed").status, 202);
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  ASSERT_TRUE(daemon_->waitForLog("graph catch-up (", 1, seconds(30))) << daemon_->log();
  // Graph forgot the state behind the saved deltaLink: 410, then a new initial round.
  graph_->loseDeltaState();
  graph_->addMessage(kMailbox, mail("g-2", "Missed second"));
  EXPECT_EQ(graph_->sendLifecycle(sub, "missed").status, 202);
  ASSERT_TRUE(daemon_->waitForLog("graph catch-up (", 2, seconds(30))) << daemon_->log();
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(30))) << daemon_->log();
  const Counters c = graph_->counters();
  EXPECT_EQ(c.deltaGone, 1u);
  EXPECT_EQ(c.deltaInitialRounds, 2u);
  EXPECT_EQ(pushedSubjects(*cns_), (std::multiset<std::string>{"Missed first", "Missed second"}));
  EXPECT_EQ(cns_->counters().accepted, 2u);
}

TEST_F(GraphTest, ANotificationIsAnsweredWithinThreeSecondsWhileTheMessageGetHangs) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  graph_->holdMessageGets(true);
  const auto first = graph_->deliverMail(kMailbox, mail("h-1", "First"));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].status, 202);
  // ENP is reading the first mail, and Graph does not answer.
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.messageGetsInFlight >= 1; }))
      << daemon_->log();
  const auto second = graph_->deliverMail(kMailbox, mail("h-2", "Second"));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].status, 202) << second[0].body;
  EXPECT_LT(second[0].took, milliseconds(3000));
  // The first GET still hangs (the second mail may have a GET of its own by now).
  EXPECT_GE(graph_->counters().messageGetsInFlight, 1u);
  graph_->holdMessageGets(false);
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(30))) << daemon_->log();
}

TEST_F(GraphTest, AtMostFourMessageGetsOfAMailboxRunAtOnce) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  graph_->holdMessageGets(true);
  for (int i = 0; i < 8; ++i) {
    const auto answers =
        graph_->deliverMail(kMailbox, mail("c-" + std::to_string(i), "Mail " + std::to_string(i)));
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].status, 202);
  }
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.messageGetsInFlight >= 1; }))
      << daemon_->log();
  // Eight mails queued, their GETs held: no fifth one is sent meanwhile.
  EXPECT_FALSE(
      graph_->waitFor([](const Counters& c) { return c.messageGetsInFlight > 4; }, seconds(2)));
  graph_->holdMessageGets(false);
  ASSERT_TRUE(cns_->waitForPushes(8, seconds(30))) << daemon_->log();
  EXPECT_LE(graph_->counters().maxMessageGetsInFlight, 4u);
}

// The gap between the first (throttled) call and the next.
milliseconds gap(const std::vector<std::chrono::steady_clock::time_point>& times) {
  return times.size() < 2 ? milliseconds(0)
                          : std::chrono::duration_cast<milliseconds>(times[1] - times[0]);
}

TEST_F(GraphTest, ThrottledMessageGetsAreRetriedNoSoonerThanRetryAfter) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  graph_->throttle("message", 429, 2);
  graph_->deliverMail(kMailbox, mail("t-1", "After a 429"));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  auto times = graph_->callTimes("message");
  ASSERT_EQ(times.size(), 2u);
  EXPECT_GE(gap(times), milliseconds(2000));

  graph_->throttle("message", 503, 2);
  graph_->deliverMail(kMailbox, mail("t-2", "After a 503"));
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(30))) << daemon_->log();
  times = graph_->callTimes("message");
  ASSERT_EQ(times.size(), 4u);
  EXPECT_GE(std::chrono::duration_cast<milliseconds>(times[3] - times[2]), milliseconds(2000));
  EXPECT_EQ(graph_->counters().throttled, 2u);
  EXPECT_EQ(cns_->counters().accepted, 2u);
}

TEST_F(GraphTest, ACatchUpGraphThrottledIsOwedAndTriedAgainNoSoonerThanRetryAfter) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  const std::string sub = graph_->subscriptions().at(0).id;
  graph_->addMessage(kMailbox, mail("o-1", "Missed while Graph was busy"));
  graph_->throttle("delta", 503, 2);
  EXPECT_EQ(graph_->sendLifecycle(sub, "missed").status, 202);
  ASSERT_TRUE(daemon_->waitForLog("graph catch-up owed", 1, seconds(30))) << daemon_->log();
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  const auto times = graph_->callTimes("delta");
  ASSERT_EQ(times.size(), 2u);
  EXPECT_GE(gap(times), milliseconds(2000));
  EXPECT_EQ(pushedSubjects(*cns_), (std::multiset<std::string>{"Missed while Graph was busy"}));
  EXPECT_EQ(metricValue(metrics(), "enp_graph_catchups_total"), 2);
}

class GraphThrottledCreateTest : public GraphTest {
 protected:
  void beforeStart() override { graph_->throttle("create", 503, 2); }
};

TEST_F(GraphThrottledCreateTest, AThrottledCreateIsRetriedNoSoonerThanRetryAfter) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  EXPECT_EQ(graph_->counters().throttled, 1u);
  EXPECT_EQ(graph_->counters().creates, 1u);
  EXPECT_GE(gap(graph_->callTimes("create")), milliseconds(2000));
  graph_->deliverMail(kMailbox, mail("t-3", "Subscribed after a 503"));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
}

// Graph grants 12 s: the renewal at about 6 s is throttled (429, Retry-After 2 s), and retried
// before the subscription expires.
class GraphThrottledRenewalTest : public GraphTest {
 protected:
  milliseconds grantedLifetime() const override { return milliseconds(12000); }
  void beforeStart() override { graph_->throttle("renew", 429, 2); }
};

TEST_F(GraphThrottledRenewalTest, AThrottledRenewalIsRetriedNoSoonerThanRetryAfter) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1 && c.renewals >= 1; }))
      << daemon_->log();
  EXPECT_EQ(graph_->counters().throttled, 1u);
  EXPECT_GE(gap(graph_->callTimes("renew")), milliseconds(2000));
  EXPECT_EQ(graph_->counters().creates, 1u);
}

}  // namespace
}  // namespace itest
