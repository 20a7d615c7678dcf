#include "enp/config/settings.h"

#include <Poco/Crypto/ECKey.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "enp/config/json_fields.h"
#include "status_matchers.h"

namespace enp {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

const char* kValid = R"({
  "exchange": [{"name": "mail1", "ewsUrl": "https://mail.contoso.com/EWS/Exchange.asmx",
                "version": "Exchange2010_SP2",
                "auth": {"type": "ntlm", "username": "CONTOSO\\svc", "password": "pw"},
                "domains": ["Contoso.COM", "@fabrikam.com"]}],
  "cns": {"url": "https://cns.example.net/v1", "organizationId": "org", "token": "tok",
          "audience": "cns", "algorithm": "HS256", "key": "0123456789abcdef0123456789abcdef",
          "keyId": "kid1"},
  "registrationKeys": [{"label": "uem", "key": "0123456789012345678901"}],
  "policy": {"privacy": "sender-only", "snippetLength": 80, "maxAgeMinutes": 30}})";

std::string errorOf(const std::string& doc) {
  Result<Settings> s = settingsFromJson(*parse(doc));
  EXPECT_FALSE(s.ok()) << doc;
  if (s.ok()) {
    return "";
  }
  EXPECT_EQ(s.error().code(), StatusCode::kInvalid) << doc;
  return s.error().message();
}

TEST(Settings, ParsesAndNormalises) {
  Result<Settings> parsed = settingsFromJson(*parse(kValid));
  ASSERT_OK(parsed);
  const Settings& s = *parsed;
  ASSERT_EQ(s.exchange.size(), 1u);
  EXPECT_EQ(s.exchange[0].version, ews::ServerVersion::kExchange2010_SP2);
  EXPECT_EQ(s.exchange[0].auth.type, ews::Auth::Type::kNtlm);
  EXPECT_EQ(s.exchange[0].domains, (std::vector<std::string>{"contoso.com", "fabrikam.com"}));
  EXPECT_EQ(s.policy.privacy, "sender-only");
  EXPECT_EQ(s.policy.snippetLength, 80);
  EXPECT_TRUE(s.incomplete().empty());
}

TEST(Settings, ErrorsNameTheFieldPath) {
  EXPECT_EQ(
      errorOf(
          R"({"exchange":[{"name":"a","ewsUrl":"https://x/EWS","auth":{"type":"kerberos","username":"u"}}]})"),
      "exchange[0].auth.type: expected basic|ntlm|negotiate|certificate, got 'kerberos'");
  EXPECT_EQ(errorOf(R"({"exchange":[{"name":"a","ewsUrl":"ftp://x","auth":{"username":"u"}}]})"),
            "exchange[0].ewsUrl: expected an http(s) URL, got 'ftp://x'");
  EXPECT_EQ(errorOf(R"({"policy":{"snippetLength":"long"}})"),
            "policy.snippetLength: expected a whole number from 0 to 4096");
  EXPECT_EQ(errorOf(R"({"policy":{"privacy":"some"}})"),
            "policy.privacy: expected full|no-snippet|sender-only|none, got 'some'");
  EXPECT_EQ(errorOf(R"({"cns":{"algorithm":"none"}})"),
            "cns.algorithm: expected HS256|RS256|ES256, got 'none'");
  EXPECT_EQ(errorOf(R"({"registrationKeys":[{"label":"x","key":"short"}]})"),
            "registrationKeys[0].key: too short (at least 22 characters, i.e. 128 bits)");
  EXPECT_EQ(errorOf(R"({"exchang":[]})"), "exchang: unknown setting");
  EXPECT_EQ(
      errorOf(
          R"({"exchange":[{"name":"a","ewsUrl":"https://x/EWS","auth":{"username":"u","pasword":"p"}}]})"),
      "exchange[0].auth.pasword: unknown field (expected type, username, password, passwordSet, "
      "certFile or keyFile)");
  EXPECT_EQ(
      errorOf(
          R"({"exchange":[{"name":"a","ewsUrl":"https://x/EWS","cafile":"/x","auth":{"username":"u"}}]})"),
      "exchange[0].cafile: unknown field (expected name, ewsUrl, version, auth, caFile, domains, "
      "subscriptions, statusFrequencyMinutes or allowInsecureHttp)");
  EXPECT_EQ(errorOf(R"({"cns":{"keyID":"k1"}})").substr(0, 25), "cns.keyID: unknown field ");
  EXPECT_EQ(errorOf(R"({"policy":{"privacyLevel":"none"}})").substr(0, 35),
            "policy.privacyLevel: unknown field ");
  EXPECT_EQ(errorOf(R"({"registrationKeys":[{"lable":"x"}]})"),
            "registrationKeys[0].lable: unknown field (expected label, key or keySet)");
  EXPECT_EQ(
      errorOf(
          R"({"exchange":[{"name":"a","ewsUrl":"https://x/EWS","version":"Exchange2019","auth":{"username":"u"}}]})")
          .substr(0, 28),
      "exchange[0].version: expecte");
  EXPECT_EQ(errorOf(R"({"exchange":[{"name":"a","ewsUrl":"https://x/E","auth":{"username":"u"}},)"
                    R"({"name":"a","ewsUrl":"https://y/E","auth":{"username":"u"}}]})"),
            "exchange[1].name: 'a' is used twice");
}

TEST(Settings, ExportHidesSecretsUnlessAsked) {
  const Settings s = testsupport::valueOf(settingsFromJson(*parse(kValid)));
  std::string without = json::stringify(settingsToJson(s, false));
  EXPECT_EQ(without.find("\"pw\""), std::string::npos);
  EXPECT_EQ(without.find("\"tok\""), std::string::npos);
  EXPECT_EQ(without.find("0123456789012345678901"), std::string::npos);
  EXPECT_NE(without.find("\"passwordSet\":true"), std::string::npos);
  std::string with = json::stringify(settingsToJson(s, true));
  EXPECT_NE(with.find("\"pw\""), std::string::npos);
  // The export parses back to the same settings.
  Result<Settings> back = settingsFromJson(*parse(with));
  ASSERT_OK(back);
  EXPECT_EQ(json::stringify(settingsToJson(*back, true)), with);
}

TEST(Settings, ReimportWithoutSecretsKeepsThem) {
  const Settings old = testsupport::valueOf(settingsFromJson(*parse(kValid)));
  Result<Settings> reimported = settingsFromJson(*settingsToJson(old, false));
  ASSERT_OK(reimported);
  Settings& next = *reimported;
  EXPECT_TRUE(next.cns.token.empty());
  ASSERT_OK(keepSecrets(old, &next));
  EXPECT_EQ(json::stringify(settingsToJson(next, true)),
            json::stringify(settingsToJson(old, true)));
}

TEST(Settings, ServerForMailboxByDomain) {
  Settings s;
  s.exchange.resize(2);
  s.exchange[0].name = "default";
  s.exchange[1].name = "fab";
  s.exchange[1].domains = {"fabrikam.com"};
  EXPECT_EQ(s.serverFor("x@Fabrikam.com")->name, "fab");
  EXPECT_EQ(s.serverFor("x@contoso.com")->name, "default");
  s.exchange.erase(s.exchange.begin());
  EXPECT_EQ(s.serverFor("x@contoso.com"), nullptr);
}

// A settings document whose cns section has this algorithm and key.
std::string withCnsKey(const std::string& algorithm, const std::string& key) {
  Poco::JSON::Object cns;
  cns.set("algorithm", algorithm);
  cns.set("key", key);
  Poco::JSON::Object doc;
  doc.set("cns", cns);
  return json::stringify(doc);
}

std::string ecPem(const std::string& curve) {
  Poco::Crypto::ECKey key(curve);
  std::ostringstream pub, priv;
  key.save(&pub, &priv);
  return priv.str();
}

std::string rsaPem(Poco::Crypto::RSAKey::KeyLength bits) {
  Poco::Crypto::RSAKey key(bits, Poco::Crypto::RSAKey::EXP_LARGE);
  std::ostringstream pub, priv;
  key.save(&pub, &priv);
  return priv.str();
}

TEST(Settings, CnsKeyIsCheckedAsTheSignerChecksIt) {
  EXPECT_EQ(errorOf(withCnsKey("HS256", std::string(29, 's'))),
            "cns.key: the HS256 secret must be at least 32 bytes long (it has 29)");
  EXPECT_EQ(errorOf(withCnsKey("ES256", "not a key")).substr(0, 52),
            "cns.key: not a readable unencrypted PEM ES256 privat");
  EXPECT_EQ(errorOf(withCnsKey("ES256", ecPem("secp384r1"))),
            "cns.key: ES256 needs a P-256 (prime256v1) key, this one is on secp384r1");
  EXPECT_EQ(errorOf(withCnsKey("RS256", ecPem("prime256v1"))).substr(0, 40),
            "cns.key: not a readable unencrypted PEM ");
  EXPECT_EQ(errorOf(withCnsKey("RS256", rsaPem(Poco::Crypto::RSAKey::KL_1024))),
            "cns.key: the RSA key must have at least 2048 bits");
  EXPECT_EQ(errorOf(withCnsKey("ES256", rsaPem(Poco::Crypto::RSAKey::KL_2048))).substr(0, 40),
            "cns.key: not a readable unencrypted PEM ");
  // The message never quotes the key.
  const std::string secret = "secret-material-29-bytes-long";
  EXPECT_EQ(errorOf(withCnsKey("HS256", secret)).find(secret), std::string::npos);

  for (const auto& [algorithm, key] : std::vector<std::pair<std::string, std::string>>{
           {"HS256", std::string(32, 's')},
           {"ES256", ecPem("prime256v1")},
           {"RS256", rsaPem(Poco::Crypto::RSAKey::KL_2048)},
           {"ES256", ""}}) {  // Not set yet: incomplete, not wrong (/readyz lists it).
    EXPECT_OK(settingsFromJson(*parse(withCnsKey(algorithm, key)))) << algorithm;
  }
  // The stored document still loads with a key an earlier version accepted.
  EXPECT_OK(
      settingsFromJson(*parse(withCnsKey("HS256", std::string(29, 's'))), SettingsCheck::kStored));
}

TEST(Settings, TextWithControlCharactersIsRefusedNamingTheField) {
  EXPECT_EQ(errorOf(R"({"cns":{"keyId":"k\u0001"}})"),
            "cns.keyId: control character U+0001 at byte 1 not allowed");
  EXPECT_EQ(errorOf(R"({"cns":{"token":"t\nX-Injected: 1"}})"),
            "cns.token: control character U+000A at byte 1 not allowed");
  EXPECT_EQ(
      errorOf(
          R"({"exchange":[{"name":"a","ewsUrl":"https://x/EWS","auth":{"username":"u\u0000"}}]})"),
      "exchange[0].auth.username: control character U+0000 at byte 1 not allowed");
  EXPECT_EQ(
      errorOf(
          R"({"exchange":[{"name":"a","ewsUrl":"https://x/EWS","domains":["c.com","\u0085x.com"]}]})"),
      "exchange[0].domains[1]: control character U+0085 at byte 0 not allowed");
  EXPECT_EQ(errorOf(R"({"registrationKeys":[{"label":"l\u007f"}]})"),
            "registrationKeys[0].label: control character U+007F at byte 1 not allowed");
  // A PEM key has line breaks (ES256 keys with them are accepted above); nothing else.
  EXPECT_EQ(errorOf(withCnsKey("HS256", std::string(32, 's') + "\x07")),
            "cns.key: control character U+0007 at byte 32 not allowed");
  // A stored document loads as it was saved.
  EXPECT_OK(settingsFromJson(*parse(R"({"cns":{"keyId":"k\u0001"}})"), SettingsCheck::kStored));
}

TEST(Settings, IncompleteListsWhatIsMissing) {
  Settings s;
  auto missing = s.incomplete();
  ASSERT_FALSE(missing.empty());
  EXPECT_EQ(missing[0],
            "exchange: no Exchange server configured (nor a graph tenant or a mail server)");
  // The signer refuses an empty audience, so a document without one is not ready.
  EXPECT_NE(std::find(missing.begin(), missing.end(), "cns.audience: not set"), missing.end());
}

TEST(Settings, WhoSubscribesIsPerServerAndRoundTrips) {
  const std::string server =
      R"({"exchange":[{"name":"mail1","ewsUrl":"https://mail1/EWS/Exchange.asmx",)"
      R"("auth":{"username":"svc","password":"p"})";
  Result<Settings> app = settingsFromJson(*parse(server + "}]}"));
  ASSERT_TRUE(app.ok()) << app.error().message();
  EXPECT_EQ(app->exchange[0].subscriptions, ExchangeServer::Subscriptions::kApp);
  EXPECT_EQ(app->exchange[0].statusFrequencyMinutes, 15);
  Result<Settings> enp =
      settingsFromJson(*parse(server + R"(,"subscriptions":"enp","statusFrequencyMinutes":1}]})"));
  ASSERT_TRUE(enp.ok()) << enp.error().message();
  EXPECT_EQ(enp->exchange[0].subscriptions, ExchangeServer::Subscriptions::kEnp);
  EXPECT_EQ(enp->exchange[0].statusFrequencyMinutes, 1);
  Result<Settings> again = settingsFromJson(*settingsToJson(*enp, true));
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(again->exchange[0].subscriptions, ExchangeServer::Subscriptions::kEnp);
  EXPECT_EQ(again->exchange[0].statusFrequencyMinutes, 1);
  EXPECT_EQ(errorOf(server + R"(,"subscriptions":"exchange"}]})"),
            "exchange[0].subscriptions: expected app|enp, got 'exchange'");
  EXPECT_EQ(errorOf(server + R"(,"statusFrequencyMinutes":0}]})").substr(0, 39),
            "exchange[0].statusFrequencyMinutes: exp");
  EXPECT_FALSE(errorOf(server + R"(,"statusFrequencyMinutes":1441}]})").empty());
}

namespace graph {

const char* kTenants = R"({
  "exchange": [{"name": "onprem", "ewsUrl": "https://mail.contoso.com/EWS/Exchange.asmx",
                "auth": {"type": "basic", "username": "svc", "password": "pw"}}],
  "graph": [{"name": "online", "tenantId": "contoso.onmicrosoft.com",
             "clientId": "11111111-2222-3333-4444-555555555555",
             "auth": {"type": "secret", "secret": "graph-client-secret"},
             "domains": ["Contoso.com", "@Fabrikam.com"],
             "authorityUrl": "https://login.microsoftonline.com/"},
            {"name": "cert", "tenantId": "9f2d6b1e-0000-4000-8000-000000000001",
             "clientId": "11111111-2222-3333-4444-666666666666",
             "auth": {"type": "certificate", "certFile": "/etc/enp/graph.pem",
                      "keyFile": "/etc/enp/graph.key"},
             "domains": ["northwind.com"], "notificationBaseUrl": "https://enp.example.com/",
             "graphUrl": "https://graph.example.us"}]})";

std::string withTenant(const std::string& fields) {
  return R"({"graph":[{"name":"t","tenantId":"contoso.onmicrosoft.com",)"
         R"("clientId":"11111111-2222-3333-4444-555555555555","domains":["contoso.com"],)" +
         fields + "}]}";
}

TEST(GraphSettings, ParsesWithDefaultsAndNormalises) {
  const Settings s = testsupport::valueOf(settingsFromJson(*parse(kTenants)));
  ASSERT_EQ(s.graph.size(), 2u);
  const GraphTenant& online = s.graph[0];
  EXPECT_EQ(online.auth, GraphTenant::Auth::kSecret);
  EXPECT_EQ(online.domains, (std::vector<std::string>{"contoso.com", "fabrikam.com"}));
  EXPECT_EQ(online.authorityUrl, "https://login.microsoftonline.com");
  EXPECT_EQ(online.graphUrl, "https://graph.microsoft.com");
  EXPECT_EQ(online.notificationBaseUrl, "");
  EXPECT_EQ(online.caFile, "");  // the system's trust store
  EXPECT_EQ(online.tokenUrl(),
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
  const GraphTenant& cert = s.graph[1];
  EXPECT_EQ(cert.auth, GraphTenant::Auth::kCertificate);
  EXPECT_EQ(cert.notificationBaseUrl, "https://enp.example.com");
  EXPECT_EQ(cert.graphUrl, "https://graph.example.us");
  for (const std::string& missing : s.incomplete()) {
    EXPECT_EQ(missing.find("graph"), std::string::npos) << missing;
    EXPECT_EQ(missing.find("exchange"), std::string::npos) << missing;
  }
}

TEST(GraphSettings, AGraphDomainIsGraphsEvenWhenAnExchangeServerServesEverything) {
  const Settings s = testsupport::valueOf(settingsFromJson(*parse(kTenants)));
  ASSERT_NE(s.graphFor("Alice@CONTOSO.com"), nullptr);
  EXPECT_EQ(s.graphFor("alice@contoso.com")->name, "online");
  EXPECT_EQ(s.graphFor("bob@northwind.com")->name, "cert");
  EXPECT_EQ(s.graphFor("carol@litware.com"), nullptr);
  EXPECT_EQ(s.graphFor("no-domain"), nullptr);
  EXPECT_EQ(s.serverFor("carol@litware.com")->name, "onprem");
  EXPECT_EQ(s.graphDomains(),
            (std::vector<std::string>{"contoso.com", "fabrikam.com", "northwind.com"}));
}

TEST(GraphSettings, ErrorsNameTheField) {
  EXPECT_EQ(errorOf(withTenant(R"("auth":{"type":"password"})")),
            "graph[0].auth.type: expected certificate|secret, got 'password'");
  EXPECT_EQ(errorOf(withTenant(R"("auth":{"type":"certificate","certFile":"/c.pem"})")),
            "graph[0].auth: a certificate credential needs certFile and keyFile");
  EXPECT_EQ(errorOf(withTenant(R"("auth":{"type":"secret"},"graphURL":"x")")),
            "graph[0].graphURL: unknown field (expected name, tenantId, clientId, auth, domains, "
            "notificationBaseUrl, authorityUrl, graphUrl or caFile)");
  EXPECT_EQ(errorOf(withTenant(R"("auth":{"type":"secret"},"caFile":"/nonexistent/ca.pem")")),
            "graph[0].caFile: no such file '/nonexistent/ca.pem'");
  EXPECT_EQ(errorOf(withTenant(R"("auth":{"type":"secret"},"authorityUrl":"login.microsoft")")),
            "graph[0].authorityUrl: expected an http(s) URL, got 'login.microsoft'");
  std::string notGuid = withTenant(R"("auth":{"type":"secret"})");
  notGuid.replace(notGuid.find("11111111-"), 36, "11111111-2222-3333-4444-55555555555x");
  EXPECT_EQ(errorOf(notGuid),
            "graph[0].clientId: expected the application (client) id, a GUID, got "
            "'11111111-2222-3333-4444-55555555555x'");
  EXPECT_EQ(errorOf(R"({"graph":[{"name":"t","tenantId":"a/../b","clientId":"x"}]})"),
            "graph[0].tenantId: expected the directory (tenant) id, a GUID or a domain name, got "
            "'a/../b'");
  EXPECT_EQ(errorOf(R"({"graph":[{"name":"t","tenantId":"t1",)"
                    R"("clientId":"11111111-2222-3333-4444-555555555555","domains":[],)"
                    R"("auth":{"type":"secret"}}]})"),
            "graph[0].domains: at least one mail domain (a tenant serves only the domains it "
            "lists)");
  std::string twice = kTenants;
  twice.replace(twice.find("northwind.com"), 13, "fabrikam.com");
  EXPECT_EQ(errorOf(twice), "graph[1].domains: 'fabrikam.com' belongs to another tenant already");
}

TEST(GraphSettings, TheClientSecretIsHiddenAndKeptWhereItWasSavedFor) {
  const Settings old = testsupport::valueOf(settingsFromJson(*parse(kTenants)));
  const std::string without = json::stringify(settingsToJson(old, false));
  EXPECT_EQ(without.find("graph-client-secret"), std::string::npos);
  EXPECT_NE(without.find("\"secretSet\":true"), std::string::npos);
  // An export without secrets imports again and keeps the stored secret.
  Settings next = testsupport::valueOf(settingsFromJson(*parse(without)));
  EXPECT_TRUE(next.graph[0].secret.empty());
  const std::vector<std::string> missing = next.incomplete();
  EXPECT_NE(std::find(missing.begin(), missing.end(), "graph online: auth.secret not set"),
            missing.end());
  ASSERT_OK(keepSecrets(old, &next));
  EXPECT_EQ(next.graph[0].secret, "graph-client-secret");
  EXPECT_EQ(json::stringify(settingsToJson(next, true)),
            json::stringify(settingsToJson(old, true)));
  // Not to another authority, nor to another app registration.
  Settings moved = testsupport::valueOf(settingsFromJson(*parse(without)));
  moved.graph[0].authorityUrl = "https://login.example.net";
  const Status refused = keepSecrets(old, &moved);
  EXPECT_EQ(refused.message().rfind("graph[0].auth.secret: the URL now points at "
                                    "https://login.example.net:443",
                                    0),
            0u)
      << refused.message();
  Settings otherApp = testsupport::valueOf(settingsFromJson(*parse(without)));
  otherApp.graph[0].clientId = "11111111-2222-3333-4444-777777777777";
  EXPECT_EQ(keepSecrets(old, &otherApp).message().rfind("graph[0].auth.secret: the tenant", 0), 0u);
  EXPECT_TRUE(otherApp.graph[0].secret.empty());
}

}  // namespace graph
}  // namespace
namespace mail {

std::string withServer(const std::string& fields) {
  return R"({"mailServers":[{"name":"m",)" + fields + "}]}";
}

TEST(MailServerSettings, APresetFillsInHostPortAndTls) {
  const Settings s = testsupport::valueOf(settingsFromJson(*parse(R"({"mailServers":[
    {"name": "icloud", "preset": "icloud"},
    {"name": "gmail-pop", "preset": "gmail", "type": "pop3", "domains": ["@Gmail.com"]},
    {"name": "test-icloud", "preset": "icloud", "host": "127.0.0.1", "port": 10993,
     "caFile": "/tmp/ca.pem"},
    {"name": "corp", "preset": "custom", "host": "mail.contoso.com", "security": "starttls",
     "auth": "login", "pathPrefix": "INBOX."},
    {"name": "pop", "type": "pop3", "host": "pop.contoso.com"}]})")));
  ASSERT_EQ(s.mailServers.size(), 5u);
  const MailServer& icloud = s.mailServers[0];
  EXPECT_EQ(icloud.type, MailServer::Type::kImap);
  EXPECT_EQ(icloud.host, "imap.mail.me.com");
  EXPECT_EQ(icloud.port, 993);
  EXPECT_EQ(icloud.security, MailServer::Security::kTls);
  EXPECT_EQ(icloud.auth, MailServer::Auth::kPlain);
  EXPECT_TRUE(icloud.serves("anyone@icloud.com"));
  const MailServer& gmail = s.mailServers[1];
  EXPECT_EQ(gmail.host, "pop.gmail.com");
  EXPECT_EQ(gmail.port, 995);
  EXPECT_EQ(gmail.domains, (std::vector<std::string>{"gmail.com"}));
  EXPECT_TRUE(gmail.serves("Alice@GMAIL.com"));
  EXPECT_FALSE(gmail.serves("alice@contoso.com"));
  EXPECT_EQ(s.mailServers[2].host, "127.0.0.1");  // the preset's host replaced
  EXPECT_EQ(s.mailServers[2].port, 10993);
  const MailServer& corp = s.mailServers[3];
  EXPECT_EQ(corp.port, 143);  // STARTTLS's well-known port
  EXPECT_EQ(corp.security, MailServer::Security::kStartTls);
  EXPECT_EQ(corp.auth, MailServer::Auth::kLogin);
  EXPECT_EQ(corp.pathPrefix, "INBOX.");
  EXPECT_EQ(s.mailServers[4].port, 995);
  EXPECT_EQ(s.mailServer("corp"), &s.mailServers[3]);
  EXPECT_EQ(s.mailServer("nope"), nullptr);
  // Mail servers alone are a source: not "no Exchange server".
  for (const std::string& missing : s.incomplete()) {
    EXPECT_EQ(missing.find("exchange"), std::string::npos) << missing;
  }
  // An export imports again to the same servers.
  const Settings again =
      testsupport::valueOf(settingsFromJson(*parse(json::stringify(settingsToJson(s, false)))));
  EXPECT_EQ(json::stringify(settingsToJson(again, false)),
            json::stringify(settingsToJson(s, false)));
}

TEST(MailServerSettings, ErrorsNameTheField) {
  EXPECT_EQ(errorOf(withServer(R"("preset":"icloud","type":"pop3")")),
            "mailServers[0].type: iCloud Mail offers no POP3: use imap");
  EXPECT_EQ(errorOf(withServer(R"("preset":"hotmail")")),
            "mailServers[0].preset: expected icloud|gmail|yahoo|fastmail|custom, got 'hotmail'");
  EXPECT_EQ(errorOf(withServer(R"("preset":"custom")")),
            "mailServers[0].host: required (or a preset that names it)");
  EXPECT_EQ(errorOf(withServer(R"("host":"imaps://mail.contoso.com")")),
            "mailServers[0].host: expected a host name or address, got 'imaps://mail.contoso.com'");
  EXPECT_EQ(errorOf(withServer(R"("host":"h","type":"smtp")")),
            "mailServers[0].type: expected imap|pop3, got 'smtp'");
  EXPECT_EQ(errorOf(withServer(R"("host":"h","security":"none")")),
            "mailServers[0].security: expected tls|starttls (ENP never sends a password without "
            "TLS), got 'none'");
  EXPECT_EQ(errorOf(withServer(R"("host":"h","auth":"cram-md5")")),
            "mailServers[0].auth: expected plain|login, got 'cram-md5'");
  EXPECT_EQ(errorOf(withServer(R"("host":"h","port":0)")),
            "mailServers[0].port: expected a whole number from 1 to 65535, got 0");
  EXPECT_EQ(errorOf(withServer(R"("host":"h","type":"pop3","pathPrefix":"INBOX.")")),
            "mailServers[0].pathPrefix: IMAP only (POP3 has no folders)");
  EXPECT_EQ(errorOf(withServer(R"("host":"h","password":"x")"))
                .rfind("mailServers[0].password: unknown field", 0),
            0u);
  EXPECT_EQ(errorOf(R"({"mailServers":[{"name":"a","host":"h"},{"name":"a","host":"i"}]})"),
            "mailServers[1].name: 'a' is used twice");
  EXPECT_EQ(errorOf(R"({"mailServers":[{"host":"h"}]})"), "mailServers[0].name: required");
}

}  // namespace mail
}  // namespace enp
