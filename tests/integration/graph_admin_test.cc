// Graph tenants through the admin API, as the console uses it: tenants edited with the settings
// import's validation and their secret never shown, the subscription of a registration and the
// token of each tenant, Test (and `enp graph test`) explaining failures, and failures raising
// and clearing alerts.
#include <set>
#include <thread>

#include "admin_fixture.h"
#include "graph_fixture.h"

namespace itest {
namespace {

class GraphAdminTest : public GraphTest {
 protected:
  void SetUp() override {
    GraphTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    admin_ = std::make_unique<AdminClient>(daemon_->adminBase());
    std::string initial;
    std::getline(std::ifstream(daemon_->dataDir() + "/initial-admin-password"), initial);
    ASSERT_EQ(admin_->login("admin", initial).status, 200);
    auto r = admin_->call(
        "POST", "/api/v1/admin/password",
        R"({"currentPassword":")" + initial + R"(","newPassword":")" + kAdminPassword + R"("})");
    ASSERT_EQ(r.status, 204) << r.body;
  }

  /// The saved tenant "online" as the admin API shows it.
  Poco::JSON::Object::Ptr tenant() {
    auto r = admin_->call("GET", "/api/v1/admin/graph/online");
    EXPECT_EQ(r.status, 200) << r.body;
    return parseObject(r.body);
  }
  std::string tenantJson(const std::string& auth, const std::string& authorityUrl = "") const {
    return R"({"name":"online","tenantId":")" + graph_->options().tenantId + R"(","clientId":")" +
           graph_->options().clientId + R"(","auth":)" + auth +
           R"(,"domains":["contoso.com"],"authorityUrl":")" +
           (authorityUrl.empty() ? graph_->url() : authorityUrl) + R"(","graphUrl":")" +
           graph_->url() + R"(","caFile":")" + graph_->caFile() + R"("})";
  }
  std::string certificateAuth(const std::string& keyFile = "") const {
    return R"({"type":"certificate","certFile":")" + dir_->path() + R"(/graph.pem","keyFile":")" +
           (keyFile.empty() ? dir_->path() + "/graph.key" : keyFile) + R"("})";
  }
  /// The keys of the firing alerts.
  std::set<std::string> firing() {
    auto r = admin_->call("GET", "/api/v1/admin/alerts");
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::string> keys;
    auto list = parseObject(r.body)->getArray("firing");
    for (size_t i = 0; list && i < list->size(); ++i) {
      keys.insert(list->getObject(i)->getValue<std::string>("key"));
    }
    return keys;
  }
  bool eventually(const std::function<bool()>& done) {
    const auto until = std::chrono::steady_clock::now() + seconds(30);
    while (!done()) {
      if (std::chrono::steady_clock::now() > until) {
        return false;
      }
      std::this_thread::sleep_for(milliseconds(100));  // polling an API, not synchronising
    }
    return true;
  }
  Poco::JSON::Object::Ptr graphSubscription() {
    auto r = admin_->call("GET", "/api/v1/admin/registrations/" + registrationId_);
    EXPECT_EQ(r.status, 200) << r.body;
    return parseObject(r.body)->getObject("graphSubscription");
  }

  bool audited(const std::string& action, const std::string& target) {
    auto r = admin_->call("GET", "/api/v1/admin/audit?limit=1000&action=" + action);
    EXPECT_EQ(r.status, 200) << r.body;
    auto entries = parseArray(r.body);
    for (size_t i = 0; i < entries->size(); ++i) {
      auto e = entries->getObject(static_cast<unsigned>(i));
      if (e->getValue<std::string>("action") == action &&
          e->getValue<std::string>("target") == target) {
        return true;
      }
    }
    return false;
  }

  std::unique_ptr<AdminClient> admin_;
};

TEST_F(GraphAdminTest, TheRegistrationAndTheDashboardShowTheSubscriptionAndTheToken) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  ASSERT_TRUE(eventually([&] {
    auto g = graphSubscription();
    return g && g->getValue<std::string>("state") == "active";
  })) << daemon_->log();
  auto g = graphSubscription();
  EXPECT_EQ(g->getValue<std::string>("tenant"), "online");
  const int64_t now =
      std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  EXPECT_GT(g->getValue<int64_t>("expiresAt"), now + 24 * 3600 * 1000);  // days, as granted
  EXPECT_LT(g->getValue<int64_t>("renewAt"), g->getValue<int64_t>("expiresAt"));
  EXPECT_FALSE(g->has("failure"));
  EXPECT_FALSE(g->has("lastNotificationAt"));
  graph_->deliverMail(kMailbox, mail("m-1", "Hello"));
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(30))) << daemon_->log();
  EXPECT_GE(graphSubscription()->getValue<int64_t>("lastNotificationAt"), now);

  auto r = admin_->call("GET", "/api/v1/admin/dashboard");
  ASSERT_EQ(r.status, 200) << r.body;
  auto tenants = parseObject(r.body)->getArray("graph");
  ASSERT_EQ(tenants->size(), 1u);
  auto t = tenants->getObject(0);
  EXPECT_EQ(t->getValue<std::string>("name"), "online");
  EXPECT_EQ(t->getValue<std::string>("status"), "ok");  // a message was read
  EXPECT_EQ(t->getObject("token")->getValue<std::string>("status"), "ok");
  EXPECT_GT(t->getObject("token")->getValue<int64_t>("lastIssuedAt"), now - 60'000);
  EXPECT_EQ(t->getObject("subscriptions")->getValue<int>("active"), 1);

  // /metrics, per tenant: subscriptions by state, notifications by result, token requests.
  const auto metric = [&](const std::string& series) {
    return metricValue(httpRequest("GET", daemon_->adminBase() + "/metrics").body, series);
  };
  EXPECT_TRUE(eventually([&] {
    return metric(R"(enp_graph_tenant_subscriptions{tenant="online",state="active"})") == 1;
  })) << httpRequest("GET", daemon_->adminBase() + "/metrics").body;
  EXPECT_EQ(metric(R"(enp_graph_tenant_subscriptions{tenant="online",state="failing"})"), 0);
  EXPECT_EQ(metric(R"(enp_graph_tenant_notifications_total{tenant="online",result="queued"})"), 1);
  EXPECT_GE(metric(R"(enp_graph_tenant_token_requests_total{tenant="online",result="issued"})"), 1);
}

TEST_F(GraphAdminTest, TestReadsTheInboxAndExplainsFailures) {
  graph_->addMessage(kMailbox, mail("newest", "Newest"));
  auto r =
      admin_->call("POST", "/api/v1/admin/graph/online/test", R"({"mailbox":"alice@contoso.com"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = parseObject(r.body);
  EXPECT_TRUE(o->getValue<bool>("ok")) << r.body;
  EXPECT_EQ(o->getValue<std::string>("step"), "mailbox");
  EXPECT_EQ(graph_->counters().inboxReads, 1u);
  EXPECT_TRUE(audited("graph.test", "online"));

  // A mailbox Graph does not know.
  r = admin_->call("POST", "/api/v1/admin/graph/online/test",
                   R"({"mailbox":"nobody@contoso.com"})");
  o = parseObject(r.body);
  EXPECT_FALSE(o->getValue<bool>("ok"));
  EXPECT_EQ(o->getValue<std::string>("step"), "mailbox");
  EXPECT_NE(o->getValue<std::string>("explanation").find("knows no mailbox nobody@contoso.com"),
            std::string::npos)
      << r.body;

  // Settings not saved yet: a key that is not the certificate's is explained, not sent.
  std::ofstream(dir_->path() + "/other.key") << testsupport::makeRsaPem(2048);
  r = admin_->call("POST", "/api/v1/admin/graph/test",
                   R"({"mailbox":"alice@contoso.com","tenant":)" +
                       tenantJson(certificateAuth(dir_->path() + "/other.key")) + "}");
  ASSERT_EQ(r.status, 200) << r.body;
  o = parseObject(r.body);
  EXPECT_FALSE(o->getValue<bool>("ok"));
  EXPECT_EQ(o->getValue<std::string>("step"), "token");

  // A secret the app does not have: Entra ID's refusal in plain words.
  r = admin_->call(
      "POST", "/api/v1/admin/graph/test",
      R"({"tenant":)" + tenantJson(R"({"type":"secret","secret":"wrong-0123456789"})") + "}");
  o = parseObject(r.body);
  EXPECT_FALSE(o->getValue<bool>("ok"));
  EXPECT_NE(o->getValue<std::string>("detail").find("AADSTS7000215"), std::string::npos) << r.body;
  EXPECT_NE(o->getValue<std::string>("explanation").find("secret"), std::string::npos) << r.body;
  // The right one signs in.
  r = admin_->call(
      "POST", "/api/v1/admin/graph/test",
      R"({"tenant":)" +
          tenantJson(R"({"type":"secret","secret":")" + std::string(kClientSecret) + R"("})") +
          "}");
  EXPECT_TRUE(parseObject(r.body)->getValue<bool>("ok")) << r.body;
  // Unsaved settings without a secret are refused: no stored secret is used for them.
  r = admin_->call("POST", "/api/v1/admin/graph/test",
                   R"({"tenant":)" + tenantJson(R"({"type":"secret"})") + "}");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("tenant.auth.secret"), std::string::npos) << r.body;

  // The same check on the command line.
  const auto ok = runEnp(
      {"graph", "test", "--config", daemon_->configPath(), "--mailbox", "alice@contoso.com"});
  EXPECT_EQ(ok.exitCode, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("OK: ENP signed in and read the newest message"), std::string::npos)
      << ok.out;
  const auto missing = runEnp(
      {"graph", "test", "--config", daemon_->configPath(), "--mailbox", "nobody@contoso.com"});
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.out.find("FAILED (mailbox)"), std::string::npos) << missing.out;
}

TEST_F(GraphAdminTest, FailuresRaiseAlertsAndAFixClearsThem) {
  ASSERT_TRUE(waitFor([](const Counters& c) { return c.creates >= 1; })) << daemon_->log();
  // The key file disappears from the settings: no token for renewals nor for reading mail.
  auto r = admin_->call("PUT", "/api/v1/admin/graph/online",
                        tenantJson(certificateAuth(dir_->path() + "/missing.key")));
  ASSERT_EQ(r.status, 200) << r.body;
  // Graph asks for a renewal: ENP cannot sign in for it.
  EXPECT_EQ(
      graph_->sendLifecycle(graph_->subscriptions().at(0).id, "reauthorizationRequired").status,
      202);
  ASSERT_TRUE(eventually([&] { return firing().count("subscriptions-failing:graph:online") > 0; }))
      << daemon_->log();
  graph_->deliverMail(kMailbox, mail("m-1", "While failing"));
  ASSERT_TRUE(eventually([&] { return firing().count("graph-auth:online") > 0; }))
      << daemon_->log();
  EXPECT_NE(graphSubscription()->getValue<std::string>("failure").find("missing.key"),
            std::string::npos);
  r = admin_->call("GET", "/api/v1/admin/dashboard");
  auto token = parseObject(r.body)->getArray("graph")->getObject(0)->getObject("token");
  EXPECT_EQ(token->getValue<std::string>("status"), "error");
  EXPECT_TRUE(token->has("advice"));

  // Fixed: saving makes ENP try the failing renewal again at once, and its alert clears.
  r = admin_->call("PUT", "/api/v1/admin/graph/online", tenantJson(certificateAuth()));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(eventually([&] { return firing().count("subscriptions-failing:graph:online") == 0; }))
      << daemon_->log();
}

class GraphAdminSecretTest : public GraphAdminTest {
 protected:
  bool useSecret() const override { return true; }
};

TEST_F(GraphAdminSecretTest, TenantsAreEditedAsImportedAndTheSecretNeverShown) {
  auto r = admin_->call("GET", "/api/v1/admin/graph");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find(kClientSecret), std::string::npos);
  auto listed = parseArray(r.body);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE(listed->getObject(0)->getObject("auth")->getValue<bool>("secretSet"));

  // Saved without the secret: the stored one is kept, and still signs in.
  r = admin_->call("PUT", "/api/v1/admin/graph/online", tenantJson(R"({"type":"secret"})"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find(kClientSecret), std::string::npos);
  r = admin_->call("POST", "/api/v1/admin/graph/online/test", "{}");
  EXPECT_TRUE(parseObject(r.body)->getValue<bool>("ok")) << r.body;
  // The stored secret does not follow the sign-in to another host.
  r = admin_->call("PUT", "/api/v1/admin/graph/online",
                   tenantJson(R"({"type":"secret"})", "https://login.attacker.example"));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find(R"("field":"auth.secret")"), std::string::npos) << r.body;

  // Validation as in the settings import.
  r = admin_->call(
      "POST", "/api/v1/admin/graph",
      R"({"name":"second","tenantId":"fabrikam.onmicrosoft.com","clientId":"not-a-guid",)"
      R"("auth":{"type":"secret","secret":"s"},"domains":["fabrikam.com"]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("clientId"), std::string::npos) << r.body;
  r = admin_->call("POST", "/api/v1/admin/graph",
                   R"({"name":"second","tenantId":"fabrikam.onmicrosoft.com",)"
                   R"("clientId":"6731de76-14a6-49ae-97bc-6eba6914391f",)"
                   R"("auth":{"type":"secret","secret":"s"},"domains":["contoso.com"]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("belongs to another tenant"), std::string::npos) << r.body;
  r = admin_->call("POST", "/api/v1/admin/graph",
                   R"({"name":"second","tenantId":"fabrikam.onmicrosoft.com",)"
                   R"("clientId":"6731de76-14a6-49ae-97bc-6eba6914391f",)"
                   R"("auth":{"type":"secret","secret":"second-secret-0123"},)"
                   R"("domains":["fabrikam.com"]})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body.find("second-secret-0123"), std::string::npos);
  EXPECT_EQ(admin_->call("POST", "/api/v1/admin/graph", r.body).status, 409);
  EXPECT_EQ(admin_->call("DELETE", "/api/v1/admin/graph/second").status, 204);
  EXPECT_EQ(admin_->call("GET", "/api/v1/admin/graph/second").status, 404);
  EXPECT_TRUE(audited("graph.create", "second"));
  EXPECT_TRUE(audited("graph.update", "online"));
}

// workHoursFrom "mailbox" for a Graph mailbox: the hours come from its mailboxSettings, into
// the same store the EWS reads feed, and nothing is asked of an Exchange server.
class GraphAdminHoursTest : public GraphAdminTest {
 protected:
  void beforeStart() override {
    fakes::FakeGraphWorkingHours hours;
    hours.daysOfWeek = {"monday", "tuesday", "wednesday", "thursday"};
    hours.startTime = "07:30:00.0000000";
    hours.endTime = "16:00:00.0000000";
    hours.timeZone = "W. Europe Standard Time";
    graph_->setWorkingHours(kMailbox, hours);
  }
  std::string registrationFields() const override { return R"("workHoursFrom":"mailbox",)"; }
};

TEST_F(GraphAdminHoursTest, TheMailboxsWorkingHoursAreReadFromItsSettings) {
  Poco::JSON::Object::Ptr hours;
  ASSERT_TRUE(eventually([&] {
    auto r = admin_->call("GET", "/api/v1/admin/registrations/" + registrationId_);
    hours = parseObject(r.body)->getObject("mailboxHours");
    return hours && hours->getValue<std::string>("state") == "found";
  })) << daemon_->log();
  EXPECT_EQ(hours->getValue<std::string>("timeZone"), "Europe/Berlin");  // CLDR's Windows map
  auto wh = hours->getObject("workHours");
  EXPECT_EQ(wh->getValue<std::string>("start"), "07:30");
  EXPECT_EQ(wh->getValue<std::string>("end"), "16:00");
  std::ostringstream days;
  wh->getArray("days")->stringify(days);
  EXPECT_EQ(days.str(), R"(["mon","tue","wed","thu"])");
  EXPECT_EQ(graph_->counters().workingHoursReads, 1u);
  EXPECT_TRUE(daemon_->waitForLog("working hours of alice@contoso.com: ", 1, seconds(5)));
}

class GraphAdminHoursRefusedTest : public GraphAdminHoursTest {
 protected:
  void configureGraph(fakes::FakeGraphOptions& options) override {
    options.mailboxSettingsReadable = false;
  }
};

TEST_F(GraphAdminHoursRefusedTest, AMissingPermissionIsNamed) {
  Poco::JSON::Object::Ptr hours;
  ASSERT_TRUE(eventually([&] {
    auto r = admin_->call("GET", "/api/v1/admin/registrations/" + registrationId_);
    hours = parseObject(r.body)->getObject("mailboxHours");
    return hours && hours->has("error");
  })) << daemon_->log();
  EXPECT_EQ(hours->getValue<std::string>("state"), "failed");
  EXPECT_NE(hours->getValue<std::string>("error").find("MailboxSettings.Read"), std::string::npos)
      << hours->getValue<std::string>("error");
}

}  // namespace
}  // namespace itest
