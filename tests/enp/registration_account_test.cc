// A registration's "account": parsed and limited, checked against the configured servers, and
// each way a login check fails answered as the registration API answers it.
#include "enp/inbound/registration_account.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "enp/config/json_fields.h"
#include "enp/decide/zone_loader.h"
#include "enp/source/imap/mailbox_error.h"
#include "status_matchers.h"

namespace enp {
namespace {

using imap::MailboxErrorKind;
using testsupport::valueOf;

const rules::ZoneDb& zones() {
  static const std::unique_ptr<rules::ZoneDb> db = valueOf(loadZoneDb(kDefaultWindowsZonesPath));
  return *db;
}

std::string withAccount(const std::string& account) {
  return R"({"mailbox":"alice@icloud.com","deviceToken":"t","account":)" + account + "}";
}

std::string errorOf(const std::string& body) {
  Result<RegistrationBody> r = parseRegistrationBody(body, zones());
  EXPECT_FALSE(r.ok()) << body;
  return r.ok() ? "" : r.error().message();
}

Settings settings() {
  const auto doc = Poco::JSON::Parser()
                       .parse(R"({"mailServers":[{"name":"icloud","preset":"icloud"},
                                   {"name":"pop","type":"pop3","host":"pop.contoso.com",
                                    "domains":["contoso.com"]}]})")
                       .extract<Poco::JSON::Object::Ptr>();
  return valueOf(settingsFromJson(*doc));
}

TEST(RegistrationAccount, IsParsedWithTheInboxByDefault) {
  const RegistrationBody b = valueOf(parseRegistrationBody(
      withAccount(R"({"server":" icloud ","username":"alice","password":" p w "})"), zones()));
  ASSERT_TRUE(b.account);
  EXPECT_EQ(b.account->server, "icloud");
  EXPECT_EQ(b.account->password, " p w ");  // a password is taken as it is
  EXPECT_EQ(b.account->folder, "INBOX");
  EXPECT_FALSE(valueOf(parseRegistrationBody(R"({"mailbox":"a@b.com","deviceToken":"t"})", zones()))
                   .account);
}

TEST(RegistrationAccount, ProblemsNameTheField) {
  EXPECT_EQ(errorOf(withAccount(R"({"username":"alice"})")),
            "account.server: required (the name of a configured mail server)");
  EXPECT_EQ(errorOf(withAccount(R"({"server":"icloud"})")), "account.username: required");
  EXPECT_EQ(errorOf(withAccount(R"({"server":"icloud","username":"a","host":"evil"})"))
                .rfind("account.host: unknown field", 0),
            0u);
  EXPECT_EQ(errorOf(withAccount(R"({"server":"icloud","username":"a","password":")" +
                                std::string(1025, 'x') + R"("})")),
            "account.password: at most 1024 bytes");
  EXPECT_EQ(errorOf(withAccount(R"("icloud")")), "account: expected an object");
  EXPECT_EQ(errorOf(R"({"mailbox":"a@icloud.com","deviceToken":"t","workHoursFrom":"mailbox",)"
                    R"("account":{"server":"icloud","username":"a"}})")
                .rfind("workHoursFrom: ", 0),
            0u);
}

TEST(RegistrationAccount, OnlyAConfiguredServerForTheMailboxIsUsed) {
  const Settings s = settings();
  AccountBody a{"icloud", "alice", "pw", "INBOX"};
  auto chosen = accountServer(s, a, "alice@icloud.com");
  ASSERT_TRUE(std::holds_alternative<const MailServer*>(chosen));
  EXPECT_EQ(std::get<const MailServer*>(chosen)->host, "imap.mail.me.com");
  a.server = "imap.evil.example";
  chosen = accountServer(s, a, "alice@icloud.com");
  ASSERT_TRUE(std::holds_alternative<AccountRefusal>(chosen));
  EXPECT_EQ(std::get<AccountRefusal>(chosen).status, 400);
  EXPECT_EQ(std::get<AccountRefusal>(chosen).message.rfind("account.server: no mail server", 0),
            0u);
  a.server = "pop";
  chosen = accountServer(s, a, "alice@icloud.com");
  ASSERT_TRUE(std::holds_alternative<AccountRefusal>(chosen));
  EXPECT_EQ(std::get<AccountRefusal>(chosen).message,
            "account.server: 'pop' does not serve icloud.com");
  a.folder = "Work";
  chosen = accountServer(s, a, "carol@contoso.com");
  ASSERT_TRUE(std::holds_alternative<AccountRefusal>(chosen));
  EXPECT_EQ(std::get<AccountRefusal>(chosen).message.rfind("account.folder: ", 0), 0u);
}

TEST(RegistrationAccount, EachFailureOfTheLoginIsAnsweredInPlainWords) {
  const Settings s = settings();
  const MailServer& server = *s.mailServer("icloud");
  const AccountBody account{"icloud", "alice", "the-password", "INBOX"};
  LoginCheckGate gate(2);
  struct Case {
    MailboxErrorKind kind;
    int status;
    std::string start;
  };
  for (const Case& c : std::vector<Case>{
           {MailboxErrorKind::kAuthFailed, 422, "account.password: the server said: no"},
           {MailboxErrorKind::kNoFolder, 422, "account.folder: the server said: no"},
           {MailboxErrorKind::kUnavailable, 503,
            "account.server: the mail server 'icloud' (imap.mail.me.com:993) cannot be reached"},
           {MailboxErrorKind::kThrottled, 503, "account.server: the mail server 'icloud'"},
           {MailboxErrorKind::kInsecure, 502, "account.server: no trusted TLS connection"},
           {MailboxErrorKind::kProtocol, 502, "account.server: the mail server 'icloud'"},
       }) {
    const auto refusal = verifyAccount(
        [&](const MailServer&, const imap::MailLogin& login) {
          EXPECT_EQ(login.password, "the-password");
          return imap::mailboxError(c.kind, "the server said: no");
        },
        gate, server, account);
    ASSERT_TRUE(refusal) << imap::toString(c.kind);
    EXPECT_EQ(refusal->status, c.status) << refusal->message;
    EXPECT_EQ(refusal->message.rfind(c.start, 0), 0u) << refusal->message;
    EXPECT_EQ(refusal->message.find("the-password"), std::string::npos);
  }
  EXPECT_FALSE(verifyAccount([](const MailServer&, const imap::MailLogin&) { return Status(); },
                             gate, server, account));
}

TEST(RegistrationAccount, ChecksBeyondTheGateAreRefusedAtOnce) {
  const Settings s = settings();
  LoginCheckGate gate(1);
  ASSERT_TRUE(gate.tryEnter());  // one check running
  bool called = false;
  const auto refusal = verifyAccount(
      [&](const MailServer&, const imap::MailLogin&) {
        called = true;
        return Status();
      },
      gate, *s.mailServer("icloud"), AccountBody{"icloud", "alice", "pw", "INBOX"});
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->status, 503);
  EXPECT_FALSE(called);
  gate.leave();
  EXPECT_FALSE(verifyAccount([](const MailServer&, const imap::MailLogin&) { return Status(); },
                             gate, *s.mailServer("icloud"),
                             AccountBody{"icloud", "alice", "pw", "INBOX"}));
}

TEST(RegistrationAccount, ItsJsonHasNoPassword) {
  MailAccount a;
  a.registrationId = "r1";
  a.server = "icloud";
  a.username = "alice";
  a.passwordChangedAt = 5;
  EXPECT_EQ(json::stringify(accountToJson(a)),
            R"({"folder":"INBOX","passwordChangedAt":5,"server":"icloud","username":"alice"})");
}

}  // namespace
}  // namespace enp
