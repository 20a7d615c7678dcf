// Registrations with an IMAP or POP3 account, against a real Dovecot (tests/imap): ENP logs in
// before it answers 201, refuses a wrong password with the server's words, connects only to
// configured servers, keeps the password sealed and never shows it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "admin_fixture.h"
#include "dovecot_server.h"

namespace itest {
namespace {

using testsupport::DovecotOptions;
using testsupport::DovecotServer;

constexpr const char* kAlicePassword = "alice-app-specific-1";
constexpr const char* kCarolPassword = "carol-pop-secret";
constexpr const char* kDavePassword = "dave-pass-1";
constexpr const char* kDaveNewPassword = "dave-new-password-2";

// A loopback port nothing listens on.
uint16_t closedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class MailAccountTest : public AdminTest {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(DovecotServer::installed())
        << "install dovecot-imapd and dovecot-pop3d (scripts/setup.sh)";
    DovecotOptions options;
    options.users = {{"alice", kAlicePassword}, {"carol", kCarolPassword}, {"dave", kDavePassword}};
    dovecot_ = new DovecotServer(options);
    closedPort_ = closedPort();
  }
  static void TearDownTestSuite() {
    delete dovecot_;
    dovecot_ = nullptr;
  }

  // The iCloud preset with its host replaced by the local Dovecot; a custom IMAP server with
  // STARTTLS and LOGIN; a POP3 server with STLS; one for contoso.com only; one that is down.
  std::string moreSettings() const override {
    const std::string ca = R"(,"caFile":")" + dovecot_->caFile() + R"(")";
    return R"(,"mailServers":[)"
           R"({"name":"icloud-test","preset":"icloud","host":"localhost","port":)" +
           std::to_string(dovecot_->imapsPort()) + ca +
           R"(},{"name":"corp-imap","preset":"custom","host":"localhost","security":"starttls",)"
           R"("auth":"login","port":)" +
           std::to_string(dovecot_->imapPort()) + ca +
           R"(},{"name":"corp-pop","type":"pop3","host":"localhost","security":"starttls","port":)" +
           std::to_string(dovecot_->pop3Port()) + ca +
           R"(},{"name":"contoso-only","host":"localhost","domains":["contoso.com"],"port":)" +
           std::to_string(dovecot_->imapsPort()) + ca +
           R"(},{"name":"down","host":"127.0.0.1","port":)" + std::to_string(closedPort_) + "}]";
  }

  HttpResult post(const std::string& body) {
    return httpRequest("POST", daemon_->publicBase() + "/api/v1/registrations", body,
                       "application/json",
                       {{"Authorization", std::string("Bearer ") + kRegistrationKey}});
  }
  HttpResult put(const Registered& r, const std::string& body) {
    return httpRequest("PUT", daemon_->publicBase() + "/api/v1/registrations/" + r.id, body,
                       "application/json", {{"Authorization", "Bearer " + r.secret}});
  }
  static std::string body(const std::string& mailbox, const std::string& account) {
    return R"({"mailbox":")" + mailbox +
           R"(","deviceToken":"apns-token-imap","platform":"ios","timeZone":"Europe/Berlin",)"
           R"("account":)" +
           account + "}";
  }
  static Registered registered(const HttpResult& r) {
    Registered out;
    auto o = parseObject(r.body);
    out.id = o->getValue<std::string>("id");
    out.secret = o->getValue<std::string>("secret");
    return out;
  }
  /// Everything ENP wrote: its database files and its log.
  std::string everythingWritten() {
    const std::string db = daemon_->dataDir() + "/enp.db";
    return readFile(db) + readFile(db + "-wal") + daemon_->log();
  }
  void expectNoRegistrationOf(const std::string& mailbox) {
    auto list =
        parseArray(admin_->call("GET", "/api/v1/admin/registrations?mailbox=" + mailbox).body);
    EXPECT_EQ(list->size(), 0u) << mailbox;
  }

  static inline DovecotServer* dovecot_ = nullptr;
  static inline uint16_t closedPort_ = 0;
};

TEST_F(MailAccountTest, AnICloudStyleAccountIsRegisteredAfterALoginAndItsPasswordIsSealed) {
  const HttpResult r = post(body("alice@icloud.com", std::string(R"({"server":"icloud-test",)") +
                                                         R"("username":"alice","password":")" +
                                                         kAlicePassword + R"("})"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto created = parseObject(r.body);
  EXPECT_FALSE(created->has("callbackUrl")) << r.body;  // ENP watches the mailbox itself
  auto account = created->getObject("account");
  ASSERT_TRUE(account) << r.body;
  EXPECT_EQ(account->getValue<std::string>("server"), "icloud-test");
  EXPECT_EQ(account->getValue<std::string>("username"), "alice");
  EXPECT_EQ(account->getValue<std::string>("folder"), "INBOX");
  EXPECT_TRUE(dovecot_->waitForLog("Login: user=<alice>", std::chrono::seconds(10)))
      << dovecot_->log();
  const Registered reg = registered(r);

  // The device and the help desk see the account, never its password.
  const HttpResult own =
      httpRequest("GET", daemon_->publicBase() + "/api/v1/registrations/" + reg.id, "", "",
                  {{"Authorization", "Bearer " + reg.secret}});
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(parseObject(own.body)->getObject("account")->getValue<std::string>("username"),
            "alice");
  const HttpResult help = admin_->call("GET", "/api/v1/admin/registrations/" + reg.id);
  ASSERT_EQ(help.status, 200) << help.body;
  auto shown = parseObject(help.body)->getObject("account");
  ASSERT_TRUE(shown) << help.body;
  EXPECT_EQ(shown->getValue<std::string>("server"), "icloud-test");
  EXPECT_EQ(shown->getValue<std::string>("folder"), "INBOX");
  for (const HttpResult* answer : {&r, &own, &help}) {
    EXPECT_EQ(answer->body.find(kAlicePassword), std::string::npos) << answer->body;
  }
  // At rest: sealed in the database (whose file holds the account's row), never in the log.
  const std::string written = everythingWritten();
  EXPECT_NE(written.find("icloud-test"), std::string::npos);
  EXPECT_EQ(written.find(kAlicePassword), std::string::npos);
}

TEST_F(MailAccountTest, AWrongPasswordIs422WithTheServersAnswerAndNothingIsStored) {
  const HttpResult r =
      post(body("alice@icloud.com", R"({"server":"icloud-test","username":"alice",)"
                                    R"("password":"not-her-password"})"));
  ASSERT_EQ(r.status, 422) << r.body;
  auto error = parseObject(r.body);
  EXPECT_EQ(error->getValue<std::string>("field"), "account.password");
  EXPECT_NE(r.body.find("the server refused the user name or password"), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("[AUTHENTICATIONFAILED] Authentication failed"), std::string::npos)
      << r.body;
  EXPECT_EQ(r.body.find("not-her-password"), std::string::npos);
  expectNoRegistrationOf("alice@icloud.com");
  EXPECT_EQ(everythingWritten().find("not-her-password"), std::string::npos);
}

TEST_F(MailAccountTest, OnlyConfiguredServersAreContacted) {
  HttpResult r = post(body("alice@icloud.com",
                           R"({"server":"imap.evil.example","username":"alice","password":"x"})"));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("field"), "account.server");
  EXPECT_NE(r.body.find("no mail server 'imap.evil.example' is configured"), std::string::npos)
      << r.body;
  // A server for contoso.com serves no other domain.
  r = post(body("alice@icloud.com", std::string(R"({"server":"contoso-only","username":"alice",)") +
                                        R"("password":")" + kAlicePassword + R"("})"));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("'contoso-only' does not serve icloud.com"), std::string::npos) << r.body;
  r = post(body("alice@icloud.com", R"({"server":"icloud-test","username":"alice"})"));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("field"), "account.password");
  r = post(body("alice@icloud.com",
                R"({"server":"icloud-test","username":"alice","password":"x","host":"evil"})"));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("field"), "account.host");
}

TEST_F(MailAccountTest, AnUnreachableServerIs503AndAMissingFolder422) {
  HttpResult r =
      post(body("alice@icloud.com", R"({"server":"down","username":"alice","password":"x"})"));
  ASSERT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("field"), "account.server");
  EXPECT_NE(r.body.find("cannot be reached now, try again later"), std::string::npos) << r.body;
  EXPECT_EQ(r.header("Retry-After"), "60");
  expectNoRegistrationOf("alice@icloud.com");
  r = post(body("alice@icloud.com", std::string(R"({"server":"icloud-test","username":"alice",)") +
                                        R"("folder":"NoSuchFolder","password":")" + kAlicePassword +
                                        R"("})"));
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("field"), "account.folder");
}

TEST_F(MailAccountTest, APasswordChangeIsVerifiedByALoginBeforeItIsStored) {
  // STARTTLS and the LOGIN command.
  HttpResult r = post(body("dave@contoso.com", std::string(R"({"server":"corp-imap",)") +
                                                   R"("username":"dave","password":")" +
                                                   kDavePassword + R"("})"));
  ASSERT_EQ(r.status, 201) << r.body;
  const Registered reg = registered(r);
  const int64_t setAt =
      parseObject(r.body)->getObject("account")->getValue<int64_t>("passwordChangedAt");
  dovecot_->setPassword("dave", kDaveNewPassword);
  const std::string device = R"({"mailbox":"dave@contoso.com","deviceToken":"apns-token-2",)";
  // The old password is refused by the server now: nothing changes.
  r = put(reg, device + R"("account":{"server":"corp-imap","username":"dave","password":")" +
                   kDavePassword + R"("}})");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("field"), "account.password");
  // The new one is verified and stored.
  r = put(reg, device + R"("account":{"server":"corp-imap","username":"dave","password":")" +
                   kDaveNewPassword + R"("}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_GE(parseObject(r.body)->getObject("account")->getValue<int64_t>("passwordChangedAt"),
            setAt);
  EXPECT_EQ(r.body.find(kDaveNewPassword), std::string::npos);
  // A PUT without a password logs in with the stored one: it is the new password.
  r = put(reg, device + R"("account":{"server":"corp-imap","username":"dave"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  // A PUT without the account keeps it; the server cannot change.
  r = put(reg, R"({"mailbox":"dave@contoso.com","deviceToken":"apns-token-3"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parseObject(r.body)->getObject("account")->getValue<std::string>("server"),
            "corp-imap");
  r = put(reg, device + R"("account":{"server":"icloud-test","username":"dave"}})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("field"), "account.server");
  const std::string written = everythingWritten();
  EXPECT_EQ(written.find(kDavePassword), std::string::npos);
  EXPECT_EQ(written.find(kDaveNewPassword), std::string::npos);
}

TEST_F(MailAccountTest, APop3AccountIsCheckedLikewise) {
  HttpResult r = post(
      body("carol@contoso.com", R"({"server":"corp-pop","username":"carol","password":"wrong"})"));
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("field"), "account.password");
  r = post(body("carol@contoso.com", std::string(R"({"server":"corp-pop","username":"carol",)") +
                                         R"("folder":"Work","password":")" + kCarolPassword +
                                         R"("})"));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("field"), "account.folder");
  r = post(body("carol@contoso.com", std::string(R"({"server":"corp-pop","username":"carol",)") +
                                         R"("password":")" + kCarolPassword + R"("})"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(
      dovecot_->waitForLog("pop3-login: Info: Login: user=<carol>", std::chrono::seconds(10)))
      << dovecot_->log();
  EXPECT_EQ(everythingWritten().find(kCarolPassword), std::string::npos);
}

}  // namespace
}  // namespace itest
