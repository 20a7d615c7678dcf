#pragma once

// GraphTest: the real `enp` binary with one graph[] tenant ("online", contoso.com) on the fake
// Graph and its token endpoint (HTTPS on loopback, trusted through the tenant's caFile), the
// fake CNS, and alice@contoso.com registered.

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>

#include "daemon.h"
#include "fake_cns.h"
#include "fake_graph.h"
#include "graph_token_check.h"
#include "http_client.h"
#include "jws/jws_keys.h"
#include "pipeline_fixture.h"  // kMailbox, kDeviceToken, kRegistrationKey, kHmacSecret

namespace itest {

inline constexpr const char* kClientSecret = "graph-client-secret-value~0123456789";

inline std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class GraphTest : public ::testing::Test {
 protected:
  using Counters = fakes::FakeGraphCounters;
  using milliseconds = std::chrono::milliseconds;
  using seconds = std::chrono::seconds;

  /// The app's credential: a certificate by default.
  virtual bool useSecret() const { return false; }
  /// What the app presents when it uses a secret.
  virtual std::string configuredSecret() const { return kClientSecret; }
  /// The longest subscription lifetime the fake grants.
  virtual milliseconds grantedLifetime() const { return std::chrono::minutes(10080); }

  /// The tenantId ENP is configured with ("" = the fake's).
  virtual std::string configuredTenantId() const { return ""; }
  /// False: the tenant has no caFile, so ENP trusts only the system's CAs (not the fake's).
  virtual bool trustFakeGraph() const { return true; }
  /// More of the fake Graph's options.
  virtual void configureGraph(fakes::FakeGraphOptions& /*options*/) {}
  /// Before the daemon starts (mailboxes, working hours on the fake Graph).
  virtual void beforeStart() {}
  /// More members of alice's registration body ("\"workHoursFrom\":\"mailbox\","...).
  virtual std::string registrationFields() const { return ""; }

  void SetUp() override {
    dir_ = std::make_unique<TempDir>();
    keyPem_ = testsupport::makeRsaPem(2048);
    certPem_ = testsupport::makeSelfSignedCertificate(keyPem_, "enp-graph");
    std::ofstream(dir_->path() + "/graph.key") << keyPem_;
    std::ofstream(dir_->path() + "/graph.pem") << certPem_;
    fakes::FakeGraphOptions o;
    o.certificatePem = certPem_;
    o.clientSecret = kClientSecret;
    o.grantedLifetime = grantedLifetime();
    configureGraph(o);
    graph_ = std::make_unique<fakes::FakeGraph>(o);
    fakes::FakeCnsOptions cnsOptions;
    cnsOptions.jwt.algorithm = fakes::JwsAlgorithm::kHS256;
    cnsOptions.jwt.key = kHmacSecret;
    cnsOptions.jwt.issuer = "org-contoso";
    cnsOptions.jwt.audience = "cns.example.net";
    cns_ = std::make_unique<fakes::FakeCns>(cnsOptions);
    daemon_ = std::make_unique<Daemon>(dir_->path(), "");
    const std::string file = dir_->path() + "/settings.json";
    std::ofstream(file) << settingsJson();
    auto imported = runEnp({"settings", "import", "--config", daemon_->configPath(), file});
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    beforeStart();
    ASSERT_TRUE(daemon_->start()) << daemon_->log();
    registrationId_ = registerMailbox(kMailbox);
  }

  void TearDown() override {
    if (daemon_) {
      daemon_->stop();
    }
  }

  std::string settingsJson() const {
    const std::string auth =
        useSecret() ? R"({"type":"secret","secret":")" + configuredSecret() + R"("})"
                    : R"({"type":"certificate","certFile":")" + dir_->path() +
                          R"(/graph.pem","keyFile":")" + dir_->path() + R"(/graph.key"})";
    const std::string tenantId =
        configuredTenantId().empty() ? graph_->options().tenantId : configuredTenantId();
    return R"({"graph":[{"name":"online","tenantId":")" + tenantId + R"(","clientId":")" +
           graph_->options().clientId + R"(","auth":)" + auth +
           R"(,"domains":["contoso.com"],"authorityUrl":")" + graph_->url() + R"(","graphUrl":")" +
           graph_->url() + R"(","caFile":")" + (trustFakeGraph() ? graph_->caFile() : "") +
           R"("}],"cns":{"url":")" + cns_->url() +
           R"(","organizationId":"org-contoso","token":"cns-org-token","audience":"cns.example.net",)"
           R"("algorithm":"HS256","key":")" +
           kHmacSecret + R"("},"registrationKeys":[{"label":"uem","key":")" + kRegistrationKey +
           R"("}],"policy":{"privacy":"full","snippetLength":140,"maxAgeMinutes":60}})";
  }

  std::string registerMailbox(const std::string& mailbox) {
    const std::string body = "{" + registrationFields() + R"("mailbox":")" + mailbox +
                             R"(","deviceToken":")" + kDeviceToken +
                             R"(","platform":"ios","timeZone":"Europe/Berlin"})";
    auto r = httpRequest("POST", daemon_->publicBase() + "/api/v1/registrations", body,
                         "application/json",
                         {{"Authorization", std::string("Bearer ") + kRegistrationKey}});
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) {
      return "";
    }
    auto o = Poco::JSON::Parser().parse(r.body).extract<Poco::JSON::Object::Ptr>();
    registrationSecret_ = o->getValue<std::string>("secret");
    return o->getValue<std::string>("id");
  }

  bool waitFor(const std::function<bool(const Counters&)>& done) {
    return graph_->waitFor(done, seconds(30));
  }

  fakes::FakeGraphMessage mail(const std::string& id, const std::string& subject) {
    fakes::FakeGraphMessage m;
    m.id = id;
    m.fromName = "Bob Builder";
    m.fromAddress = "bob@fabrikam.com";
    m.subject = subject;
    m.bodyPreview = "Hello Alice,\r\n\r\nthe  budget   for Q3 is attached.";
    m.receivedDateTime = fakes::graphDateTime(std::chrono::system_clock::now());
    m.importance = "high";
    return m;
  }

  std::string metrics() { return httpRequest("GET", daemon_->adminBase() + "/metrics").body; }

  std::unique_ptr<TempDir> dir_;
  std::string keyPem_, certPem_;
  std::unique_ptr<fakes::FakeGraph> graph_;
  std::unique_ptr<fakes::FakeCns> cns_;
  std::unique_ptr<Daemon> daemon_;
  std::string registrationId_;
  std::string registrationSecret_;
};

}  // namespace itest
