// Exchange Online through Microsoft Graph, end to end: the real `enp` binary against the fake
// Graph (token endpoint, subscriptions with validation, change and lifecycle notifications,
// message GETs) and the fake CNS, on loopback.
#include "graph_fixture.h"

namespace itest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Counters = fakes::FakeGraphCounters;

TEST_F(GraphTest, AGraphMailboxIsSubscribedAndItsMailPushed) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  // Signed in with a client assertion naming the uploaded certificate.
  const fakes::TokenCheck token = graph_->lastTokenCheck();
  EXPECT_TRUE(token.assertion);
  EXPECT_EQ(token.assertionHeader.at("x5t#S256"), fakes::certificateThumbprintS256(certPem_));
  EXPECT_EQ(token.assertionClaims.at("aud"),
            graph_->url() + "/" + graph_->options().tenantId + "/oauth2/v2.0/token");
  EXPECT_EQ(token.assertionClaims.at("iss"), graph_->options().clientId);
  // Subscribed on the Inbox, both URLs validated by "Graph" before it answered.
  const auto subs = graph_->subscriptions();
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].resource, "users/alice@contoso.com/mailFolders('Inbox')/messages");
  EXPECT_EQ(subs[0].changeType, "created");
  EXPECT_EQ(subs[0].notificationUrl, daemon_->publicBase() + "/graph/notifications");
  EXPECT_EQ(subs[0].lifecycleUrl, daemon_->publicBase() + "/graph/lifecycle");
  EXPECT_GE(subs[0].clientState.size(), 32u);
  EXPECT_EQ(graph_->counters().validations, 2u);

  const auto answers = graph_->deliverMail(kMailbox, mail("AAMkAGI2-1", "Budget for Q3"));
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].status, 202) << answers[0].body;
  EXPECT_LT(answers[0].took, milliseconds(3000));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  const auto n = cns_->pushes()[0].notification();
  EXPECT_EQ(n->getValue<std::string>("kind"), "mail");
  EXPECT_EQ(n->getObject("from")->getValue<std::string>("address"), "bob@fabrikam.com");
  EXPECT_EQ(n->getObject("from")->getValue<std::string>("name"), "Bob Builder");
  EXPECT_EQ(n->getValue<std::string>("subject"), "Budget for Q3");
  EXPECT_EQ(n->getValue<std::string>("snippet"), "Hello Alice, the budget for Q3 is attached.");
  EXPECT_EQ(n->getValue<std::string>("importance"), "High");
  EXPECT_EQ(cns_->pushes()[0].sub(), kDeviceToken);

  // The same notification again (Graph retries) pushes nothing more.
  graph_->deliverMail(kMailbox, mail("AAMkAGI2-1", "Budget for Q3"));
  EXPECT_EQ(metricValue(metrics(), "enp_graph_notifications_total{result=\"duplicate\"}"), 1);
  EXPECT_EQ(metricValue(metrics(), R"(enp_graph_tenant_notifications_total{tenant="online",)"
                                   R"(result="duplicate"})"),
            1);
  EXPECT_EQ(cns_->counters().accepted, 1u);
  // The clientState is stored only as a hash.
  daemon_->stop();
  const std::string db =
      readAll(daemon_->dataDir() + "/enp.db") + readAll(daemon_->dataDir() + "/enp.db-wal");
  EXPECT_EQ(db.find(subs[0].clientState), std::string::npos);
}

TEST_F(GraphTest, AWrongClientStateIsRefusedAndCounted) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  // The subscription is stored (until then a notification is matched by its clientState only).
  ASSERT_TRUE(daemon_->waitForLog("created until", 1, seconds(30))) << daemon_->log();
  graph_->deliverMail(kMailbox, mail("real-1", "Real"));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  const auto sub = graph_->subscriptions().at(0);
  graph_->addMessage(kMailbox, mail("forged-1", "Forged"));
  const std::string forged =
      R"({"value":[{"subscriptionId":")" + sub.id +
      R"(","clientState":"not-the-client-state","changeType":"created",)"
      R"("resource":"Users/alice@contoso.com/Messages/forged-1",)"
      R"("resourceData":{"@odata.type":"#Microsoft.Graph.Message","id":"forged-1"},)"
      R"("subscriptionExpirationDateTime":")" +
      sub.expirationDateTime + R"(","tenantId":")" + graph_->options().tenantGuid + R"("}]})";
  const auto answer = graph_->post(sub.notificationUrl, forged);
  EXPECT_EQ(answer.status, 403);
  EXPECT_EQ(
      metricValue(metrics(), "enp_graph_notifications_refused_total{reason=\"client_state\"}"), 1);
  EXPECT_EQ(metricValue(metrics(), R"(enp_graph_tenant_notifications_total{tenant="online",)"
                                   R"(result="refused_client_state"})"),
            1);
  // Nothing was queued: the next real mail is the second one read and pushed.
  graph_->deliverMail(kMailbox, mail("real-2", "Real again"));
  ASSERT_TRUE(cns_->waitForPushes(2, seconds(30))) << daemon_->log();
  EXPECT_EQ(cns_->pushes()[1].notification()->getValue<std::string>("subject"), "Real again");
  EXPECT_EQ(graph_->counters().messageGets, 2u);
  EXPECT_EQ(metricValue(metrics(), "enp_graph_notifications_total{result=\"queued\"}"), 2);
}

// Graph grants 6 s: ENP renews after about 3 s, and again, without creating anything new.
class GraphShortLifetimeTest : public GraphTest {
 protected:
  milliseconds grantedLifetime() const override { return milliseconds(6000); }
};

TEST_F(GraphShortLifetimeTest, ASubscriptionIsRenewedAtHalfTheLifetimeGraphGranted) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  const auto created = std::chrono::steady_clock::now();
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.renewals >= 1; })) << daemon_->log();
  const auto renewedAfter = std::chrono::steady_clock::now() - created;
  EXPECT_GE(renewedAfter, milliseconds(2500));  // not before half of the 6 s granted
  EXPECT_LT(renewedAfter, milliseconds(6000));  // and before it expired
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.renewals >= 2; })) << daemon_->log();
  EXPECT_EQ(graph_->counters().creates, 1u);
  const auto subs = graph_->subscriptions();
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_GE(subs[0].renewals, 2);
  // Still delivering.
  graph_->deliverMail(kMailbox, mail("m-1", "After renewals"));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
}

TEST_F(GraphShortLifetimeTest, ARenewalThatFindsTheSubscriptionGoneCreatesANewOne) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  ASSERT_TRUE(graph_->dropSubscription(graph_->subscriptions().at(0).id));
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.renewalsNotFound >= 1 && c.creates >= 2; }))
      << daemon_->log();
  const auto subs = graph_->subscriptions();
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_FALSE(subs[0].active);
  EXPECT_TRUE(subs[1].active);
  graph_->deliverMail(kMailbox, mail("m-2", "Through the new subscription"));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  EXPECT_EQ(cns_->pushes()[0].notification()->getValue<std::string>("subject"),
            "Through the new subscription");
  EXPECT_EQ(metricValue(metrics(), "enp_graph_subscriptions_recreated_total"), 1);
}

TEST_F(GraphTest, ARemovedSubscriptionIsRecreatedAndWhatArrivedMeanwhileCaughtUp) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  // ENP has stored the subscription (it says "created" after): Graph's lifecycle event for it
  // is then ENP's to act on, whichever database holds it.
  ASSERT_TRUE(daemon_->waitForLog(" created until ", 1, seconds(10))) << daemon_->log();
  const std::string first = graph_->subscriptions().at(0).id;
  ASSERT_TRUE(graph_->dropSubscription(first));
  // Mail while Graph had no subscription: no notification reaches ENP.
  EXPECT_TRUE(graph_->deliverMail(kMailbox, mail("while-removed", "While removed")).empty());
  // Graph tells ENP (lifecycle subscriptionRemoved, with the old clientState).
  const auto answer = graph_->sendLifecycle(first, "subscriptionRemoved");
  EXPECT_EQ(answer.status, 202) << answer.body;
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 2 && c.deltaRequests >= 1; }))
      << daemon_->log();
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  EXPECT_EQ(cns_->pushes()[0].notification()->getValue<std::string>("subject"), "While removed");
}

TEST_F(GraphTest, ReauthorizationRequiredIsAnsweredWithARenewal) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  ASSERT_TRUE(daemon_->waitForLog("created until", 1, seconds(30))) << daemon_->log();
  const std::string sub = graph_->subscriptions().at(0).id;
  EXPECT_EQ(graph_->sendLifecycle(sub, "reauthorizationRequired").status, 202);
  // Renewed long before half its lifetime (days): because Graph asked.
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.renewals >= 1; })) << daemon_->log();
  EXPECT_EQ(graph_->counters().creates, 1u);
  EXPECT_EQ(graph_->subscriptions().at(0).renewals, 1);
}

class GraphRemovedDuringCreateTest : public GraphTest {
 protected:
  void configureGraph(fakes::FakeGraphOptions& o) override {
    o.beforeCreateAnswer = [this](const std::string& id) {
      if (removedDuringCreate_.status != 0) {
        return;
      }
      // The subscription is removed, and Graph says so, before ENP has read the create's
      // answer: the lifecycle event reaches ENP before the subscription id does.
      graph_->dropSubscription(id);
      graph_->addMessage(kMailbox, mail("while-creating", "While creating"));
      removedDuringCreate_ = graph_->sendLifecycle(id, "subscriptionRemoved");
    };
  }
  fakes::GraphPostResult removedDuringCreate_;
};

TEST_F(GraphRemovedDuringCreateTest, ALifecycleEventThatOvertakesTheCreateIsNotLost) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 2 && c.deltaRequests >= 1; }))
      << daemon_->log();
  EXPECT_EQ(removedDuringCreate_.status, 202) << removedDuringCreate_.body;
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  EXPECT_EQ(cns_->pushes()[0].notification()->getValue<std::string>("subject"), "While creating");
  const auto subs = graph_->subscriptions();
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_FALSE(subs[0].active);
  EXPECT_TRUE(subs[1].active);
}

TEST_F(GraphTest, ARevokedRegistrationsSubscriptionIsDeletedAndItsNotificationsRefused) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  auto r = httpRequest("DELETE", daemon_->publicBase() + "/api/v1/registrations/" + registrationId_,
                       "", "", {{"Authorization", "Bearer " + registrationSecret_}});
  ASSERT_EQ(r.status, 204) << r.body;
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.deletes >= 1; })) << daemon_->log();
  const auto sub = graph_->subscriptions().at(0);
  EXPECT_FALSE(sub.active);
  EXPECT_EQ(graph_->counters().creates, 1u);
  // A notification still in flight at Graph for it is refused, not queued.
  graph_->addMessage(kMailbox, mail("late-1", "Late"));
  const auto late = graph_->post(
      sub.notificationUrl, R"({"value":[{"subscriptionId":")" + sub.id + R"(","clientState":")" +
                               sub.clientState +
                               R"(","changeType":"created","resourceData":{"id":"late-1"}}]})");
  EXPECT_EQ(late.status, 403);
  EXPECT_EQ(metricValue(metrics(),
                        "enp_graph_notifications_refused_total{reason=\"unknown_subscription\"}"),
            1);
  EXPECT_EQ(graph_->counters().messageGets, 0u);
}

class GraphSecretTest : public GraphTest {
 protected:
  bool useSecret() const override { return true; }
};

TEST_F(GraphSecretTest, AClientSecretSignsIn) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  EXPECT_FALSE(graph_->lastTokenCheck().assertion);
  graph_->deliverMail(kMailbox, mail("s-1", "With a secret"));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  EXPECT_EQ(daemon_->log().find(kClientSecret), std::string::npos);
}

class GraphWrongSecretTest : public GraphTest {
 protected:
  bool useSecret() const override { return true; }
  std::string configuredSecret() const override { return "not-the-secret-0123456789"; }
};

TEST_F(GraphWrongSecretTest, ARefusedSecretIsExplainedInPlainWords) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.tokensRefused >= 1; })) << daemon_->log();
  ASSERT_TRUE(daemon_->waitForLog("AADSTS7000215", 1, seconds(30))) << daemon_->log();
  ASSERT_TRUE(daemon_->waitForLog("enter the secret's Value", 1, seconds(30))) << daemon_->log();
  EXPECT_EQ(graph_->counters().creates, 0u);
  EXPECT_EQ(daemon_->log().find("not-the-secret-0123456789"), std::string::npos);
}

// The app registration has another certificate than the one ENP signs with.
class GraphCertificateNotUploadedTest : public GraphTest {
 protected:
  void configureGraph(fakes::FakeGraphOptions& o) override {
    o.certificatePem =
        testsupport::makeSelfSignedCertificate(testsupport::makeRsaPem(2048), "another");
  }
};

TEST_F(GraphCertificateNotUploadedTest, ACertificateNotUploadedIsExplainedInPlainWords) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.tokensRefused >= 1; })) << daemon_->log();
  ASSERT_TRUE(daemon_->waitForLog("AADSTS700027", 1, seconds(30))) << daemon_->log();
  ASSERT_TRUE(daemon_->waitForLog("upload the certificate in certFile", 1, seconds(30)))
      << daemon_->log();
  EXPECT_EQ(graph_->counters().creates, 0u);
}

class GraphWrongTenantTest : public GraphTest {
 protected:
  std::string configuredTenantId() const override { return "fabrikam.onmicrosoft.com"; }
};

TEST_F(GraphWrongTenantTest, AWrongTenantIsExplainedInPlainWords) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.tokensRefused >= 1; })) << daemon_->log();
  ASSERT_TRUE(daemon_->waitForLog("AADSTS90002", 1, seconds(30))) << daemon_->log();
  ASSERT_TRUE(daemon_->waitForLog("the tenant was not found", 1, seconds(30))) << daemon_->log();
  EXPECT_EQ(graph_->counters().creates, 0u);
}

// Graph and its token endpoint are HTTPS (the fake's own certificate): without the tenant's
// caFile ENP does not trust them, and says so.
class GraphUntrustedTest : public GraphTest {
 protected:
  bool trustFakeGraph() const override { return false; }
};

TEST_F(GraphUntrustedTest, AnUntrustedCertificateIsNotSignedInTo) {
  ASSERT_TRUE(daemon_->waitForLog("CURLE_PEER_FAILED_VERIFICATION", 1, seconds(30)))
      << daemon_->log();
  const Counters c = graph_->counters();
  EXPECT_EQ(c.tokensIssued + c.tokensRefused, 0u);
  EXPECT_EQ(c.creates, 0u);
  EXPECT_GE(metricValue(metrics(), R"(enp_graph_tenant_token_requests_total{tenant="online",)"
                                   R"(result="failed"})"),
            1);
}

}  // namespace
}  // namespace itest
