// Two ENP nodes (the real binary twice) on one PostgreSQL database: both are listed by either
// node's admin API with every share held; a node stopped (SIGTERM) leaves its shares to the
// other at its next heartbeat, a node killed after the expiry; IMAP accounts (a real Dovecot)
// are each watched by one node at most, and by the survivor once the other stops, which pushes
// the next mail. Heartbeat 1 s, expiry 3 s.
#include <Poco/File.h>

#include <chrono>
#include <map>

#include "admin_fixture.h"
#include "dovecot_server.h"
#include "temp_database.h"

namespace itest {
namespace {

using std::chrono::seconds;
using testsupport::DovecotOptions;
using testsupport::DovecotServer;

constexpr int kShares = 66;  // 64 buckets of registrations, retention, alert mail
constexpr const char* kHoldingAll = "holding 66)";
constexpr const char* kTook = "took shares";

std::string nodeConfig(const std::string& name) {
  return "[cluster]\nnode_name = " + name +
         "\nheartbeat_seconds = 1\nnode_expiry_seconds = 3\n[imap]\nreload_ms = 200\n";
}

struct NodeView {
  std::string state;
  int shares = 0;
  bool self = false;
};

class ClusterTest : public AdminTest {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(DovecotServer::installed())
        << "install dovecot-imapd and dovecot-pop3d (scripts/setup.sh)";
    DovecotOptions options;
    options.users = {{"alice", "alice-pass-1"}, {"bob", "bob-pass-2"}, {"erin", "erin-pass-3"}};
    dovecot_ = new DovecotServer(options);
  }
  static void TearDownTestSuite() {
    delete dovecot_;
    dovecot_ = nullptr;
  }

  std::string daemonConfig() const override { return nodeConfig("enp-a"); }
  std::string postgresUrl() override { return url_; }
  std::string moreSettings() const override {
    return R"(,"mailServers":[{"name":"icloud-test","preset":"icloud","host":"localhost","port":)" +
           std::to_string(dovecot_->imapsPort()) + R"(,"caFile":")" + dovecot_->caFile() + R"("}])";
  }
  void TearDown() override {
    if (b_) {
      b_->stop();
    }
    AdminTest::TearDown();
  }

  /// Node enp-b on the same database, started, with a console session of its own.
  void startNodeB() {
    dirB_ = std::make_unique<TempDir>();
    b_ = std::make_unique<Daemon>(dirB_->path(), nodeConfig("enp-b"), url_);
    // Nodes share the data key (stored passwords, callback tokens), as docs/postgresql.md says.
    Poco::File(b_->dataDir()).createDirectories();
    Poco::File(daemon_->dataDir() + "/enp.key").copyTo(b_->dataDir() + "/enp.key");
    ASSERT_TRUE(b_->start()) << b_->log();
    adminB_ = std::make_unique<AdminClient>(b_->adminBase());
    const HttpResult r = adminB_->login("admin", kAdminPassword);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  /// GET /api/v1/admin/cluster: the node answering, unheld shares, and each node's view.
  Poco::JSON::Object::Ptr cluster(AdminClient& client) {
    const HttpResult r = client.call("GET", "/api/v1/admin/cluster");
    EXPECT_EQ(r.status, 200) << r.body;
    return parseObject(r.body);
  }
  static std::map<std::string, NodeView> nodesOf(const Poco::JSON::Object::Ptr& c) {
    std::map<std::string, NodeView> out;
    Poco::JSON::Array::Ptr nodes = c->getArray("nodes");
    for (size_t i = 0; nodes && i < nodes->size(); ++i) {
      Poco::JSON::Object::Ptr n = nodes->getObject(static_cast<unsigned>(i));
      out[n->getValue<std::string>("name")] = {
          n->getValue<std::string>("state"), n->getValue<int>("shares"), n->getValue<bool>("self")};
    }
    return out;
  }

  Registered registerAccount(const std::string& user, const std::string& password) {
    const std::string body =
        R"({"mailbox":")" + user +
        R"(@icloud.com","deviceToken":"apns-token-imap","platform":"ios","timeZone":"Europe/Berlin",)"
        R"("account":{"server":"icloud-test","username":")" +
        user + R"(","password":")" + password + R"("}})";
    const HttpResult r = httpRequest(
        "POST", daemon_->publicBase() + "/api/v1/registrations", body, "application/json",
        {{"Authorization", std::string("Bearer ") + kRegistrationKey}});
    EXPECT_EQ(r.status, 201) << r.body;
    Registered out;
    if (r.status == 201) {
      out.id = parseObject(r.body)->getValue<std::string>("id");
    }
    return out;
  }
  /// Whether `client`'s node watches the registration's account (has a connection for it).
  static bool watches(AdminClient& client, const Registered& r) {
    const HttpResult detail = client.call("GET", "/api/v1/admin/registrations/" + r.id);
    EXPECT_EQ(detail.status, 200) << detail.body;
    auto account = parseObject(detail.body)->getObject("account");
    return account && account->getObject("connection");
  }

  static inline DovecotServer* dovecot_ = nullptr;
  const std::string url_ = enp::freshPostgresDatabase();
  std::unique_ptr<TempDir> dirB_;
  std::unique_ptr<Daemon> b_;
  std::unique_ptr<AdminClient> adminB_;
};

TEST_F(ClusterTest, EitherNodeListsBothAliveWithEveryShareHeld) {
  startNodeB();
  ASSERT_TRUE(b_->waitForLog(kTook, 2, seconds(10))) << b_->log();
  for (AdminClient* client : {admin_.get(), adminB_.get()}) {
    const Poco::JSON::Object::Ptr c = cluster(*client);
    EXPECT_EQ(c->getValue<std::string>("backend"), "postgresql");
    EXPECT_EQ(c->getValue<int>("shares"), kShares);
    EXPECT_EQ(c->getValue<int>("heartbeatSeconds"), 1);
    const std::map<std::string, NodeView> nodes = nodesOf(c);
    ASSERT_EQ(nodes.size(), 2u) << c->getValue<std::string>("node");
    EXPECT_EQ(nodes.at("enp-a").state, "alive");
    EXPECT_EQ(nodes.at("enp-b").state, "alive");
    EXPECT_EQ(nodes.at(c->getValue<std::string>("node")).self, true);
    // One share at most is in passage (given away, not yet taken) at any moment.
    const int unheld = c->getValue<int>("unheld");
    EXPECT_LE(unheld, 1);
    EXPECT_EQ(nodes.at("enp-a").shares + nodes.at("enp-b").shares + unheld, kShares);
    EXPECT_GE(nodes.at("enp-b").shares, 1) << "the joining node takes its part";
  }
}

TEST_F(ClusterTest, AStoppedNodesSharesGoToTheOtherAtItsNextHeartbeat) {
  startNodeB();
  ASSERT_TRUE(b_->waitForLog(kTook, 1, seconds(10))) << b_->log();
  EXPECT_EQ(daemon_->stop(), 0);
  // Released at the stop ("stopped", not "dead" after the expiry): taken at b's next beat.
  ASSERT_TRUE(b_->waitForLog(kHoldingAll, 1, seconds(3))) << b_->log();
  const std::map<std::string, NodeView> nodes = nodesOf(cluster(*adminB_));
  EXPECT_EQ(nodes.at("enp-a").state, "stopped");
  EXPECT_EQ(nodes.at("enp-a").shares, 0);
  EXPECT_EQ(nodes.at("enp-b").shares, kShares);
}

TEST_F(ClusterTest, AKilledNodesSharesAreTakenOnceItsLeaseRunsOut) {
  startNodeB();
  ASSERT_TRUE(b_->waitForLog(kTook, 1, seconds(10))) << b_->log();
  const auto killed = std::chrono::steady_clock::now();
  daemon_->kill9();
  // Expiry (3 s) plus a heartbeat of the survivor, and slack for a busy machine.
  ASSERT_TRUE(b_->waitForLog(kHoldingAll, 1, seconds(8))) << b_->log();
  const auto takeover = std::chrono::steady_clock::now() - killed;
  EXPECT_GE(takeover, seconds(2)) << "not before the lease ends";
  RecordProperty(
      "takeover_ms",
      static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(takeover).count()));
  const std::map<std::string, NodeView> nodes = nodesOf(cluster(*adminB_));
  EXPECT_EQ(nodes.at("enp-a").state, "dead");
  EXPECT_EQ(nodes.at("enp-b").shares, kShares);
}

TEST_F(ClusterTest, EachImapAccountIsWatchedByOneNodeAndBySurvivorAfterAStop) {
  const std::vector<Registered> regs = {registerAccount("alice", "alice-pass-1"),
                                        registerAccount("bob", "bob-pass-2"),
                                        registerAccount("erin", "erin-pass-3")};
  expectLog("waiting for new mail", regs.size());
  startNodeB();
  ASSERT_TRUE(b_->waitForLog(kTook, 3, seconds(10))) << b_->log();
  for (const Registered& r : regs) {
    EXPECT_LE((watches(*admin_, r) ? 1 : 0) + (watches(*adminB_, r) ? 1 : 0), 1) << r.id;
  }
  EXPECT_EQ(daemon_->stop(), 0);
  for (const Registered& r : regs) {
    EXPECT_TRUE(b_->waitForLog("[reg " + r.id + "] INBOX: waiting for new mail", 1, seconds(8)))
        << b_->log();
    EXPECT_TRUE(watches(*adminB_, r)) << r.id;
  }
  dovecot_->deliver("bob",
                    "From: Carol <carol@fabrikam.com>\r\nTo: bob@icloud.com\r\nSubject: After the "
                    "takeover\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n");
  ASSERT_TRUE(cns_->waitForPushes(1, seconds(10))) << b_->log();
  EXPECT_EQ(cns_->pushes().at(0).notification()->getValue<std::string>("subject"),
            "After the takeover");
}

}  // namespace
}  // namespace itest
