// The configuration endpoints: settings document, Exchange servers (with the access test), CNS
// (send test, key generation), registration keys, policy. Validation errors name the field;
// every change is audited; secrets are never echoed.
#include <fstream>
#include <sstream>

#include "admin_fixture.h"

namespace itest {
namespace {

using AdminSettingsTest = AdminTest;

TEST_F(AdminSettingsTest, SettingsDocumentWithoutSecrets) {
  auto r = admin_->call("GET", "/api/v1/admin/settings");
  ASSERT_EQ(r.status, 200);
  expectNoSecrets(r);
  auto doc = parseObject(r.body);
  EXPECT_TRUE(doc->getObject("cns")->getValue<bool>("tokenSet"));
  EXPECT_TRUE(doc->getObject("cns")->getValue<bool>("keySet"));
  // PUT of the exported document keeps the secrets (re-import is idempotent).
  r = admin_->call("PUT", "/api/v1/admin/settings", r.body);
  ASSERT_EQ(r.status, 200) << r.body;
  expectNoSecrets(r);
  EXPECT_TRUE(audited("settings.import"));
  // Still delivering: the secrets were kept.
  addMail("m-put", "After re-import");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "m-put").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, std::chrono::seconds(30))) << daemon_->log();
  // Validation: the whole document first, errors name the field, nothing changes.
  r = admin_->call(
      "PUT", "/api/v1/admin/settings",
      R"({"exchange":[{"name":"x","ewsUrl":"https://x/EWS","auth":{"type":"kerberos","username":"u"}}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"exchange[0].auth.type")"), std::string::npos) << r.body;
  EXPECT_EQ(admin_->call("PUT", "/api/v1/admin/settings", "not json").status, 400);
  EXPECT_EQ(admin_->call("PUT", "/api/v1/admin/settings", R"({"bogus":1})").status, 400);
  r = admin_->call("PUT", "/api/v1/admin/settings",
                   R"({"cns":{"url":"https://c/v1","keyID":"k"}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"cns.keyID")"), std::string::npos) << r.body;
  r = admin_->call("PUT", "/api/v1/admin/cns", R"({"keyID":"k"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"keyID")"), std::string::npos) << r.body;
  r = admin_->call("GET", "/api/v1/admin/exchange");
  EXPECT_NE(r.body.find("ex1"), std::string::npos);
}

TEST_F(AdminSettingsTest, ExportWithSecretsNeedsThePassword) {
  auto r = admin_->call("POST", "/api/v1/admin/settings/export", R"({"withSecrets":false})");
  ASSERT_EQ(r.status, 200);
  expectNoSecrets(r);
  r = admin_->call("POST", "/api/v1/admin/settings/export", R"({"withSecrets":true})");
  EXPECT_EQ(r.status, 403);
  expectNoSecrets(r);
  EXPECT_FALSE(audited("settings.export.failed"));  // no password given: not a guess
  r = admin_->call("POST", "/api/v1/admin/settings/export",
                   R"({"withSecrets":true,"password":"not-my-password"})");
  EXPECT_EQ(r.status, 403);
  expectNoSecrets(r);
  EXPECT_EQ(r.body, R"({"error":"password: the password is wrong","field":"password"})");
  EXPECT_TRUE(audited("settings.export.failed", "settings"));
  r = admin_->call("POST", "/api/v1/admin/settings/export",
                   std::string(R"({"withSecrets":true,"password":")") + kAdminPassword + "\"}");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("cns-org-token"), std::string::npos);  // only on this explicit request
  auto entries = audit("settings.export");
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ(entries->getObject(0)->getValue<std::string>("action"), "settings.export");
  EXPECT_TRUE(entries->getObject(0)->getObject("details")->getValue<bool>("withSecrets"));
  std::ostringstream entry;
  entries->getObject(0)->stringify(entry);
  EXPECT_EQ(entry.str().find("cns-org-token"), std::string::npos);
}

TEST_F(AdminSettingsTest, ExchangeServersCrud) {
  auto r = admin_->call("GET", "/api/v1/admin/exchange/ex1");
  ASSERT_EQ(r.status, 200);
  expectNoSecrets(r);
  EXPECT_TRUE(parseObject(r.body)->getObject("auth")->getValue<bool>("passwordSet"));
  const std::string secret = "mail2-service-password";
  std::string body = R"({"name":"mail2","ewsUrl":"https://mail2.fabrikam.com/EWS/Exchange.asmx",)"
                     R"("version":"Exchange2013","auth":{"type":"ntlm","username":"svc",)"
                     R"("password":")" +
                     secret + R"("},"domains":["fabrikam.com"]})";
  r = admin_->call("POST", "/api/v1/admin/exchange", body);
  ASSERT_EQ(r.status, 201) << r.body;
  expectNoSecrets(r, {secret});
  EXPECT_EQ(admin_->call("POST", "/api/v1/admin/exchange", body).status, 409);
  r = admin_->call("POST", "/api/v1/admin/exchange",
                   R"({"name":"bad","ewsUrl":"ftp://x","auth":{"type":"basic","username":"u"}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"ewsUrl")"), std::string::npos) << r.body;
  r = admin_->call(
      "POST", "/api/v1/admin/exchange",
      R"({"name":"bad","ewsUrl":"https://x/EWS","version":"Exchange2003","auth":{"type":"basic","username":"u"}})");
  EXPECT_NE(r.body.find(R"("field":"version")"), std::string::npos) << r.body;
  // Update without a password keeps it.
  r = admin_->call(
      "PUT", "/api/v1/admin/exchange/mail2",
      R"({"ewsUrl":"https://mail2.fabrikam.com/EWS/Exchange.asmx","version":"Exchange2016",)"
      R"("auth":{"type":"ntlm","username":"svc2"},"domains":["fabrikam.com"]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(parseObject(r.body)->getObject("auth")->getValue<bool>("passwordSet"));
  EXPECT_EQ(admin_
                ->call("PUT", "/api/v1/admin/exchange/nope",
                       R"({"ewsUrl":"https://x/EWS","auth":{"type":"basic","username":"u"}})")
                .status,
            404);
  // Renaming onto another server's name is a conflict.
  EXPECT_EQ(
      admin_
          ->call(
              "PUT", "/api/v1/admin/exchange/mail2",
              R"({"name":"ex1","ewsUrl":"https://x/EWS","auth":{"type":"basic","username":"u"}})")
          .status,
      409);
  r = admin_->call("GET", "/api/v1/admin/exchange");
  expectNoSecrets(r, {secret});
  EXPECT_EQ(parseArray(r.body)->size(), 2u);
  EXPECT_EQ(admin_->call("DELETE", "/api/v1/admin/exchange/mail2").status, 204);
  EXPECT_EQ(admin_->call("DELETE", "/api/v1/admin/exchange/mail2").status, 404);
  for (const char* action : {"exchange.create", "exchange.update", "exchange.delete"}) {
    EXPECT_TRUE(audited(action, "mail2")) << action;
  }
  r = admin_->call("GET", "/api/v1/admin/audit?action=exchange");
  expectNoSecrets(r, {secret});
}

TEST_F(AdminSettingsTest, HttpWithBasicIsRefusedUnlessALabAllowsIt) {
  const std::string clear =
      R"({"name":"lab","ewsUrl":"http://lab.contoso.com/EWS/Exchange.asmx",)"
      R"("auth":{"type":"basic","username":"svc","password":"lab-password-1"}})";
  auto r = admin_->call("POST", "/api/v1/admin/exchange", clear);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find(R"("field":"ewsUrl")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("password in clear"), std::string::npos) << r.body;
  expectNoSecrets(r, {"lab-password-1"});
  // NTLM never sends the password itself; https is always fine.
  std::string ntlm = clear;
  ntlm.replace(ntlm.find("basic"), 5, "ntlm");
  EXPECT_EQ(admin_->call("POST", "/api/v1/admin/exchange", ntlm).status, 201);
  std::string lab = clear;
  lab.replace(lab.find(R"("name":"lab")"), 12, R"("name":"lab2","allowInsecureHttp":true)");
  r = admin_->call("POST", "/api/v1/admin/exchange", lab);
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(parseObject(r.body)->getValue<bool>("allowInsecureHttp"));
}

TEST_F(AdminSettingsTest, CertificateAndCaFilesThatDoNotExistAreRefused) {
  auto r = admin_->call("POST", "/api/v1/admin/exchange",
                        R"({"name":"c","ewsUrl":"https://x.contoso.com/EWS/Exchange.asmx",)"
                        R"("auth":{"type":"certificate","certFile":"/nonexistent/client.pem",)"
                        R"("keyFile":"/nonexistent/client.key"}})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("no such file '/nonexistent/client.pem'"), std::string::npos) << r.body;
  r = admin_->call("POST", "/api/v1/admin/exchange",
                   R"({"name":"c","ewsUrl":"https://x.contoso.com/EWS/Exchange.asmx",)"
                   R"("caFile":"/nonexistent/ca.pem","auth":{"type":"ntlm","username":"u"}})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find(R"("field":"caFile")"), std::string::npos) << r.body;
}

TEST_F(AdminSettingsTest, AStoredSecretIsNeverSentToAnotherHost) {
  // The Exchange password: moving the server to another host needs it again.
  const std::string moved =
      R"({"ewsUrl":"https://attacker.example.net/EWS/Exchange.asmx","version":"Exchange2016",)"
      R"("auth":{"type":"basic","username":")" +
      exchange_->options().user + R"("},"domains":["contoso.com"]})";
  auto r = admin_->call("PUT", "/api/v1/admin/exchange/ex1", moved);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("auth.password: the URL now points at https://attacker.example.net:443"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(parseObject(admin_->call("GET", "/api/v1/admin/exchange/ex1").body)
                ->getValue<std::string>("ewsUrl"),
            exchange_->ewsUrl());
  // Entered again, it is saved with the new URL.
  const std::string withPassword =
      R"({"ewsUrl":"https://other.contoso.com/EWS/Exchange.asmx","version":"Exchange2016",)"
      R"("auth":{"type":"basic","username":"svc","password":"a-new-password"},)"
      R"("domains":["contoso.com"]})";
  EXPECT_EQ(admin_->call("PUT", "/api/v1/admin/exchange/ex1", withPassword).status, 200);
  // The CNS token: another CNS host needs it again; the signing key stays (it is never sent).
  r = admin_->call("PUT", "/api/v1/admin/cns",
                   R"({"url":"https://cns.attacker.example.net/v1/push","organizationId":)"
                   R"("org-contoso","audience":"cns.example.net","algorithm":"HS256"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("token: the URL now points at https://cns.attacker.example.net:443"),
            std::string::npos)
      << r.body;
  // An exported document (no secrets) with a moved URL does not import either.
  std::string doc = admin_->call("GET", "/api/v1/admin/settings").body;
  const std::string url = cns_->url();
  doc.replace(doc.find(url), url.size(), "https://cns.attacker.example.net/v1/push");
  r = admin_->call("PUT", "/api/v1/admin/settings", doc);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("cns.token"), std::string::npos) << r.body;
}

TEST_F(AdminSettingsTest, ExchangeTestExplainsAFailureInPlainWords) {
  auto r =
      admin_->call("POST", "/api/v1/admin/exchange/ex1/test", R"({"mailbox":"alice@contoso.com"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = parseObject(r.body);
  EXPECT_TRUE(o->getValue<bool>("ok")) << r.body;
  exchange_->restrictImpersonationTo({"bob@contoso.com"});
  r = admin_->call("POST", "/api/v1/admin/exchange/ex1/test", R"({"mailbox":"alice@contoso.com"})");
  ASSERT_EQ(r.status, 200);
  o = parseObject(r.body);
  EXPECT_FALSE(o->getValue<bool>("ok"));
  EXPECT_NE(o->getValue<std::string>("explanation")
                .find("the service account lacks the ApplicationImpersonation role"),
            std::string::npos)
      << r.body;
  expectNoSecrets(r);
  r = admin_->call("POST", "/api/v1/admin/exchange/ex1/test", R"({"mailbox":"not-an-address"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"mailbox")"), std::string::npos);
  EXPECT_EQ(
      admin_->call("POST", "/api/v1/admin/exchange/nope/test", R"({"mailbox":"a@b.com"})").status,
      404);
  EXPECT_TRUE(audited("exchange.test", "ex1"));
}

TEST_F(AdminSettingsTest, CnsSendTestAndSettings) {
  auto r = admin_->call("GET", "/api/v1/admin/cns");
  ASSERT_EQ(r.status, 200);
  expectNoSecrets(r);
  r = admin_->call("POST", "/api/v1/admin/cns/test", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(parseObject(r.body)->getValue<bool>("ok")) << r.body;
  ASSERT_TRUE(cns_->waitForPushes(1, std::chrono::seconds(10)));
  EXPECT_EQ(cns_->pushes()[0].sub(), "enp-console-test");
  // CNS refuses: the answer says so.
  cns_->script(fakes::CnsScriptedAnswer::unauthorized());
  r = admin_->call("POST", "/api/v1/admin/cns/test", "{}");
  auto o = parseObject(r.body);
  EXPECT_FALSE(o->getValue<bool>("ok"));
  EXPECT_EQ(o->getValue<int>("httpStatus"), 401);
  // Update keeping the token and key; validation names the field.
  r = admin_->call(
      "PUT", "/api/v1/admin/cns",
      R"({"url":")" + cns_->url() +
          R"(","organizationId":"org-contoso","audience":"cns.example.net","algorithm":"HS256","keyId":"k2"})");
  ASSERT_EQ(r.status, 200) << r.body;
  expectNoSecrets(r);
  EXPECT_TRUE(parseObject(r.body)->getValue<bool>("tokenSet"));
  r = admin_->call("PUT", "/api/v1/admin/cns", R"({"algorithm":"none"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"algorithm")"), std::string::npos) << r.body;
  EXPECT_TRUE(audited("cns.update"));
  EXPECT_TRUE(audited("cns.test"));
}

TEST_F(AdminSettingsTest, CnsKeyTheSignerWouldRefuseIsRefusedWhenSaved) {
  const std::string shortKey(29, 'k');  // HS256 needs 32 bytes
  std::string doc = settingsJson();
  doc.replace(doc.find(kHmacSecret), std::string(kHmacSecret).size(), shortKey);
  const std::string file = dir_->path() + "/short-key.json";
  std::ofstream(file) << doc;
  auto imported = runEnp({"settings", "import", "--config", daemon_->configPath(), file});
  EXPECT_NE(imported.exitCode, 0);
  EXPECT_NE(imported.err.find("cns.key: the HS256 secret must be at least 32 bytes long"),
            std::string::npos)
      << imported.err;
  // An unknown field inside a section is refused too, naming it.
  doc = settingsJson();
  doc.replace(doc.find(R"("domains")"), 9, R"("domain")");
  std::ofstream(file) << doc;
  imported = runEnp({"settings", "import", "--config", daemon_->configPath(), file});
  EXPECT_NE(imported.exitCode, 0);
  EXPECT_NE(imported.err.find("exchange[0].domain: unknown field"), std::string::npos)
      << imported.err;
  doc = settingsJson();
  doc.replace(doc.find(kHmacSecret), std::string(kHmacSecret).size(), shortKey);

  auto r = admin_->call("PUT", "/api/v1/admin/settings", doc);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"cns.key")"), std::string::npos) << r.body;
  r = admin_->call("PUT", "/api/v1/admin/cns",
                   R"({"algorithm":"HS256","key":")" + shortKey + R"("})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"key")"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find(shortKey), std::string::npos) << r.body;
  // The stored HS256 secret kept under another algorithm is no key for it either.
  r = admin_->call("PUT", "/api/v1/admin/cns", R"({"algorithm":"ES256"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"cns.key")"), std::string::npos) << r.body;

  // Nothing changed: pushes are still signed with the configured secret.
  addMail("m-key", "Still signed");
  ASSERT_EQ(pushNewMail(reg_.callbackUrl, "m-key").status, fakes::PushOutcome::Status::kOk);
  ASSERT_TRUE(cns_->waitForPushes(1, std::chrono::seconds(30))) << daemon_->log();
}

TEST_F(AdminSettingsTest, TextIsCheckedAndAnswersAreAlwaysValidJson) {
  auto r = admin_->call(
      "PUT", "/api/v1/admin/settings",
      R"({"exchange":[{"name":"x","ewsUrl":"https://x/EWS","auth":{"username":"u\u0007"}}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"exchange[0].auth.username")"), std::string::npos) << r.body;
  r = admin_->call("PUT", "/api/v1/admin/cns", "{\"keyId\":\"k\xC3\x28\"}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"body")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("not valid UTF-8 (byte 11)"), std::string::npos) << r.body;

  // A device token of 2-byte characters: its 8-byte hint in the list must not end mid-character.
  std::string body =
      R"({"mailbox":"dave@contoso.com","deviceToken":"a\u00e9\u00e9\u00e9\u00e9\u00e9"})";
  auto reg =
      httpRequest("POST", daemon_->publicBase() + "/api/v1/registrations", body, "application/json",
                  {{"Authorization", std::string("Bearer ") + kRegistrationKey}});
  ASSERT_EQ(reg.status, 201) << reg.body;
  r = admin_->call("GET", "/api/v1/admin/registrations?mailbox=dave");
  ASSERT_EQ(r.status, 200);
  Poco::JSON::Array::Ptr list;
  ASSERT_NO_THROW(list = parseArray(r.body)) << r.body;  // Poco's parser refuses invalid UTF-8
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("deviceToken"), "a\u00e9\u00e9\u00e9\u2026");
}

TEST_F(AdminSettingsTest, GenerateKeyStoresAnEs256KeyAndShowsOnlyThePublicKey) {
  auto r = admin_->call("POST", "/api/v1/admin/cns/generate-key", R"({"keyId":"enp-2"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = parseObject(r.body);
  EXPECT_EQ(o->getValue<std::string>("algorithm"), "ES256");
  EXPECT_NE(o->getValue<std::string>("publicKey").find("BEGIN PUBLIC KEY"), std::string::npos);
  EXPECT_EQ(r.body.find("PRIVATE KEY"), std::string::npos);
  r = admin_->call("GET", "/api/v1/admin/cns");
  EXPECT_EQ(r.body.find("PRIVATE KEY"), std::string::npos);
  o = parseObject(r.body);
  EXPECT_EQ(o->getValue<std::string>("algorithm"), "ES256");
  EXPECT_EQ(o->getValue<std::string>("keyId"), "enp-2");
  EXPECT_NE(o->getValue<std::string>("publicKey").find("BEGIN PUBLIC KEY"), std::string::npos);
  r = admin_->call("GET", "/api/v1/admin/audit?action=cns");
  EXPECT_EQ(r.body.find("PRIVATE KEY"), std::string::npos);
  EXPECT_TRUE(audited("cns.generate-key"));
}

TEST_F(AdminSettingsTest, RegistrationKeyCreateUseRevoke) {
  auto r = admin_->call("POST", "/api/v1/admin/registration-keys", R"({"label":"intune"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string key = parseObject(r.body)->getValue<std::string>("key");
  EXPECT_GE(key.size(), 22u);
  EXPECT_EQ(admin_->call("POST", "/api/v1/admin/registration-keys", R"({"label":"intune"})").status,
            409);
  r = admin_->call("POST", "/api/v1/admin/registration-keys", R"({"label":"bad label!"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"label")"), std::string::npos);
  r = admin_->call("GET", "/api/v1/admin/registration-keys");
  expectNoSecrets(r, {key});
  auto keys = parseArray(r.body);
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_FALSE(keys->getObject(1)->has("lastUsedAt"));
  EXPECT_TRUE(keys->getObject(1)->has("createdAt"));
  // Use it.
  std::string body = R"({"mailbox":"carol@contoso.com","deviceToken":"t-carol"})";
  auto reg = httpRequest("POST", daemon_->publicBase() + "/api/v1/registrations", body,
                         "application/json", {{"Authorization", "Bearer " + key}});
  ASSERT_EQ(reg.status, 201) << reg.body;
  keys = parseArray(admin_->call("GET", "/api/v1/admin/registration-keys").body);
  EXPECT_TRUE(keys->getObject(1)->has("lastUsedAt"));
  EXPECT_TRUE(keys->getObject(0)->has("lastUsedAt"));  // "uem" registered alice in SetUp
  // Revoke it: the next registration with it is refused.
  EXPECT_EQ(admin_->call("DELETE", "/api/v1/admin/registration-keys/intune").status, 204);
  EXPECT_EQ(admin_->call("DELETE", "/api/v1/admin/registration-keys/intune").status, 404);
  reg = httpRequest("POST", daemon_->publicBase() + "/api/v1/registrations", body,
                    "application/json", {{"Authorization", "Bearer " + key}});
  EXPECT_EQ(reg.status, 401);
  EXPECT_TRUE(audited("registration-key.create", "intune"));
  EXPECT_TRUE(audited("registration-key.revoke", "intune"));
  expectNoSecrets(admin_->call("GET", "/api/v1/admin/audit"), {key});
}

TEST_F(AdminSettingsTest, PolicyWithRegistrationDefaults) {
  auto r = admin_->call("GET", "/api/v1/admin/policy");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(parseObject(r.body)->getValue<int>("snippetLength"), 140);
  r = admin_->call("PUT", "/api/v1/admin/policy", R"({"snippetLength":9999})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"snippetLength")"), std::string::npos) << r.body;
  r = admin_->call("PUT", "/api/v1/admin/policy",
                   R"({"registrationDefaults":{"timeZone":"Mars/Base"}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"registrationDefaults.timeZone")"), std::string::npos) << r.body;
  r = admin_->call("PUT", "/api/v1/admin/policy", R"({"registrationDefaults":{"colour":"red"}})");
  EXPECT_EQ(r.status, 400);
  // Work hours only without a work day: nobody registered with these defaults would be notified.
  r = admin_->call(
      "PUT", "/api/v1/admin/policy",
      R"({"registrationDefaults":{"workHoursOnly":true,"workHours":{"days":[],"start":"09:00"}}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"registrationDefaults.workHours.days")"), std::string::npos)
      << r.body;
  r = admin_->call(
      "POST", "/api/v1/admin/settings/import",
      R"({"policy":{"registrationDefaults":{"workHoursOnly":true,"workHours":{"days":[]}}}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("field":"policy.registrationDefaults.workHours.days")"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(parseObject(admin_->call("GET", "/api/v1/admin/policy").body)
                ->getObject("registrationDefaults")
                ->size(),
            0u);
  r = admin_->call("PUT", "/api/v1/admin/policy",
                   R"({"privacy":"no-snippet","snippetLength":80,"maxAgeMinutes":30,)"
                   R"("registrationDefaults":{"timeZone":"Asia/Tokyo","workHoursOnly":true}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(audited("policy.update", "policy"));
  // A new registration without those fields gets the defaults; given fields win.
  auto bob = registerMailbox("bob@contoso.com");
  r = admin_->call("GET", "/api/v1/admin/registrations/" + bob.id);
  auto policy = parseObject(r.body)->getObject("policy");
  EXPECT_EQ(policy->getValue<std::string>("timeZone"), "Europe/Berlin");  // given: wins
  EXPECT_TRUE(policy->getValue<bool>("workHoursOnly")) << r.body;         // absent: default
}

}  // namespace
}  // namespace itest
