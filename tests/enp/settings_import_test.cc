// Importing a settings document: per-section merge or an explicit full replacement, secrets
// kept only where the document names their section, and the change list that never holds a
// secret.
#include "enp/config/settings_import.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "enp/config/json_fields.h"
#include "enp/config/settings_changes.h"
#include "status_matchers.h"

namespace enp {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

// Every secret of kStored, to be looked for where none may appear.
const std::vector<std::string> kSecrets = {"exchange-pw-1",
                                           "exchange-pw-2",
                                           "cns-token-1",
                                           "cns-shared-secret-0123456789abcdef",
                                           "regkey-0123456789abcdefghij",
                                           "smtp-pw-1"};

const char* kStored = R"({
  "exchange": [
    {"name": "mail1", "ewsUrl": "https://mail1.contoso.com/EWS/Exchange.asmx",
     "auth": {"type": "basic", "username": "svc", "password": "exchange-pw-1"},
     "domains": ["contoso.com"]},
    {"name": "mail2", "ewsUrl": "https://mail2.contoso.com/EWS/Exchange.asmx",
     "auth": {"type": "basic", "username": "svc", "password": "exchange-pw-2"}}],
  "cns": {"url": "https://cns.example.net/v1", "organizationId": "org", "token": "cns-token-1",
          "audience": "cns", "algorithm": "HS256",
          "key": "cns-shared-secret-0123456789abcdef", "keyId": "kid1"},
  "registrationKeys": [{"label": "uem", "key": "regkey-0123456789abcdefghij"}],
  "policy": {"privacy": "full", "snippetLength": 140, "maxAgeMinutes": 60,
             "registrationDefaults": {"timeZone": "Europe/Berlin"}},
  "alerts": {"smtp": {"host": "smtp.contoso.com", "username": "ops@contoso.com",
                      "password": "smtp-pw-1", "from": "ops@contoso.com"},
             "recipients": ["oncall@contoso.com"]}})";

Settings stored() { return testsupport::valueOf(settingsFromJson(*parse(kStored))); }

std::string all(const Settings& s) { return json::stringify(settingsToJson(s, true)); }

std::string sectionJson(const Settings& s, const std::string& section) {
  return json::stringify(settingsToJson(s, true)->get(section));
}

std::string errorOf(const std::string& doc, ImportMode mode = ImportMode::kMerge) {
  Result<ImportedSettings> r = importSettings(stored(), *parse(doc), mode);
  EXPECT_FALSE(r.ok()) << doc;
  return r.ok() ? "" : r.error().message();
}

TEST(SettingsImport, AFileWithOnlyThePolicyChangesOnlyThePolicy) {
  const Settings before = stored();
  Result<ImportedSettings> r =
      importSettings(before, *parse(R"({"policy": {"privacy": "none"}})"), ImportMode::kMerge);
  ASSERT_OK(r);
  EXPECT_EQ(r->replaced, (std::vector<std::string>{"policy"}));
  EXPECT_EQ(r->kept, (std::vector<std::string>{"exchange", "graph", "mailServers", "cns",
                                               "registrationKeys", "alerts"}));
  EXPECT_EQ(r->settings.policy.privacy, "none");
  // The section is replaced whole: its registration defaults were not in the file.
  EXPECT_EQ(r->settings.policy.registrationDefaults, "{}");
  for (const char* section :
       {"exchange", "graph", "mailServers", "cns", "registrationKeys", "alerts"}) {
    EXPECT_EQ(sectionJson(r->settings, section), sectionJson(before, section)) << section;
  }
  // A null section is one the file does not hold.
  r = importSettings(before, *parse(R"({"cns": null, "policy": {}})"), ImportMode::kMerge);
  ASSERT_OK(r);
  EXPECT_EQ(sectionJson(r->settings, "cns"), sectionJson(before, "cns"));
}

TEST(SettingsImport, ReplaceResetsTheSectionsTheFileDoesNotHoldSecretsIncluded) {
  Result<ImportedSettings> r =
      importSettings(stored(), *parse(R"({"policy": {"privacy": "none"}})"), ImportMode::kReplace);
  ASSERT_OK(r);
  EXPECT_EQ(r->replaced, settingsSections());
  EXPECT_TRUE(r->kept.empty());
  EXPECT_EQ(all(r->settings), R"({"alerts":)" + sectionJson(Settings{}, "alerts") + R"(,"cns":)" +
                                  sectionJson(Settings{}, "cns") +
                                  R"(,"exchange":[],"graph":[],"mailServers":[],"policy":)" +
                                  sectionJson(r->settings, "policy") +
                                  R"(,"registrationKeys":[]})");
  // No half-set CNS: neither the key nor the token outlives its section.
  EXPECT_TRUE(r->settings.cns.key.empty());
  EXPECT_TRUE(r->settings.cns.token.empty());
  EXPECT_TRUE(r->settings.alerts.smtp.password.empty());
}

TEST(SettingsImport, ASectionInTheFileKeepsTheSecretsItLeavesOut) {
  const std::string doc = R"({"cns": {"url": "https://cns.example.net/v2", "organizationId": "org2",
                                      "algorithm": "HS256"},
                              "exchange": [{"name": "mail1",
                                            "ewsUrl": "https://mail1.contoso.com/EWS/x.asmx",
                                            "auth": {"type": "basic", "username": "svc2"}}]})";
  for (ImportMode mode : {ImportMode::kMerge, ImportMode::kReplace}) {
    Result<ImportedSettings> r = importSettings(stored(), *parse(doc), mode);
    ASSERT_OK(r);
    EXPECT_EQ(r->settings.cns.token, "cns-token-1");
    EXPECT_EQ(r->settings.cns.key, "cns-shared-secret-0123456789abcdef");
    EXPECT_EQ(r->settings.cns.audience, "");  // replaced whole: not in the file
    EXPECT_EQ(r->settings.cns.organizationId, "org2");
    ASSERT_EQ(r->settings.exchange.size(), 1u);  // mail2 was not in the section
    EXPECT_EQ(r->settings.exchange[0].auth.password, "exchange-pw-1");
  }
}

TEST(SettingsImport, AnInvalidFileIsRefusedNamingTheField) {
  EXPECT_EQ(errorOf(R"({"policy": {"privacy": "some"}})"),
            "policy.privacy: expected full|no-snippet|sender-only|none, got 'some'");
  EXPECT_EQ(errorOf(R"({"cns": {"algorithm": "none"}})", ImportMode::kReplace),
            "cns.algorithm: expected HS256|RS256|ES256, got 'none'");
  EXPECT_EQ(errorOf(R"({"polcy": {}})"), "polcy: unknown setting");
  // A stored secret goes only where it was saved for.
  EXPECT_NE(errorOf(R"({"exchange": [{"name": "mail1", "ewsUrl": "https://evil.example/EWS",
                                      "auth": {"type": "basic", "username": "svc"}}]})")
                .find("exchange[0].auth.password: the URL now points at https://evil.example:443"),
            std::string::npos);
  // A kept secret must suit what now surrounds it: the HS256 secret is no ES256 key.
  EXPECT_EQ(errorOf(R"({"cns": {"url": "https://cns.example.net/v1", "algorithm": "ES256"}})")
                .rfind("cns.key: ", 0),
            0u);
}

TEST(SettingsChanges, NamePathsAndValuesButNeverASecret) {
  const Settings before = stored();
  Result<ImportedSettings> r = importSettings(before, *parse(R"({
    "exchange": [
      {"name": "mail3", "ewsUrl": "https://mail3.contoso.com/EWS/Exchange.asmx",
       "auth": {"type": "basic", "username": "svc", "password": "exchange-pw-3"}},
      {"name": "mail1", "ewsUrl": "https://mail1.contoso.com/EWS/Exchange.asmx",
       "auth": {"type": "basic", "username": "svc9", "password": "exchange-pw-9"},
       "domains": ["contoso.com"]}],
    "cns": {"url": "https://cns.example.net/v1", "organizationId": "org", "token": "cns-token-2",
            "audience": "cns", "algorithm": "HS256", "keyId": "kid2"},
    "policy": {"privacy": "none", "registrationDefaults": {"timeZone": "Europe/Berlin",
                                                          "workHoursOnly": true}}})"),
                                              ImportMode::kMerge);
  ASSERT_OK(r);
  const std::vector<SettingChange> changes = settingsChanges(before, r->settings, r->replaced);
  std::vector<std::string> lines;
  for (const SettingChange& c : changes) {
    lines.push_back(describeChange(c));
  }
  ASSERT_EQ(lines.size(), 9u) << ::testing::PrintToString(lines);
  // A server added or removed is shown whole, without its password.
  EXPECT_EQ(lines[0].rfind(R"(exchange[mail3]: added {"auth":{)", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find(R"("ewsUrl":"https://mail3.contoso.com/EWS/Exchange.asmx")"),
            std::string::npos);
  EXPECT_NE(lines[0].find(R"("passwordSet":true)"), std::string::npos);
  EXPECT_EQ(lines[3].rfind(R"(exchange[mail2]: removed (was {"auth":{)", 0), 0u) << lines[3];
  EXPECT_NE(lines[3].find(R"("ewsUrl":"https://mail2.contoso.com/EWS/Exchange.asmx")"),
            std::string::npos);
  lines.erase(lines.begin() + 3);
  lines.erase(lines.begin());
  EXPECT_EQ(lines, (std::vector<std::string>{
                       R"(exchange[mail1].auth.username: "svc" -> "svc9")",
                       "exchange[mail1].auth.password: secret changed",
                       R"(cns.keyId: "kid1" -> "kid2")",
                       "cns.token: secret changed",
                       "cns.key: secret kept",
                       R"(policy.privacy: "full" -> "none")",
                       "policy.registrationDefaults.workHoursOnly: added true",
                   }));
  const std::string json = json::stringify(changesToJson(changes));
  for (const std::string& secret : kSecrets) {
    EXPECT_EQ(json.find(secret), std::string::npos) << secret;
  }
  EXPECT_EQ(json.find("exchange-pw-3"), std::string::npos);
  EXPECT_EQ(json.find("exchange-pw-9"), std::string::npos);
}

TEST(SettingsChanges, TheServerOrderIsAChangeAndKeptSecretsAreSaidKept) {
  const Settings before = stored();
  Settings after = before;
  std::swap(after.exchange[0], after.exchange[1]);
  std::vector<SettingChange> changes = settingsChanges(before, after, settingsSections());
  std::vector<std::string> lines;
  for (const SettingChange& c : changes) {
    lines.push_back(describeChange(c));
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"exchange[mail2].auth.password: secret kept",
                                             "exchange[mail1].auth.password: secret kept",
                                             R"(exchange: ["mail1","mail2"] -> ["mail2","mail1"])",
                                             "cns.token: secret kept", "cns.key: secret kept",
                                             "registrationKeys[uem].key: secret kept",
                                             "alerts.smtp.password: secret kept"}));
  EXPECT_TRUE(anyChange(changes));
  changes = settingsChanges(before, before, settingsSections());
  EXPECT_FALSE(anyChange(changes));
  EXPECT_EQ(changes.size(), 6u);  // the kept secrets
  EXPECT_TRUE(settingsChanges(before, before, {"policy"}).empty());
}

TEST(SettingsChanges, TheirJsonHoldsNoSecretAndTheAuditFormIsBounded) {
  const Settings before = stored();
  Settings after;  // everything removed, then many servers added
  for (int i = 0; i < 200; ++i) {
    ExchangeServer s = before.exchange[0];
    s.name = "server-" + std::to_string(i);
    s.auth.password = "exchange-pw-2";
    after.exchange.push_back(s);
  }
  const std::vector<SettingChange> changes = settingsChanges(before, after, settingsSections());
  ASSERT_GT(changes.size(), 200u);
  const std::string full = json::stringify(changesToJson(changes));
  for (const std::string& secret : kSecrets) {
    EXPECT_EQ(full.find(secret), std::string::npos) << secret;
  }
  EXPECT_NE(full.find(R"({"path":"cns.token","change":"removed","secret":true})"),
            std::string::npos);
  size_t omitted = 0;
  Poco::JSON::Array::Ptr bounded = changesToJson(changes, 3000, &omitted);
  EXPECT_LE(json::stringify(bounded).size(), 3000u);
  EXPECT_GT(omitted, 0u);
  EXPECT_EQ(bounded->size() + omitted, changes.size());
  // Long values are cut to a string there.
  EXPECT_EQ(bounded->getObject(0)->getValue<std::string>("path"), "exchange[server-0]");
  EXPECT_TRUE(bounded->getObject(0)->get("after").isString());
}

TEST(SettingsImport, MailServersAreASectionOfTheirOwnWithAChangeList) {
  Settings before = stored();
  Result<ImportedSettings> r =
      importSettings(before, *parse(R"({"mailServers": [{"name": "icloud", "preset": "icloud"}]})"),
                     ImportMode::kMerge);
  ASSERT_OK(r);
  EXPECT_EQ(r->replaced, (std::vector<std::string>{"mailServers"}));
  EXPECT_EQ(sectionJson(r->settings, "exchange"), sectionJson(before, "exchange"));
  std::vector<SettingChange> changes = settingsChanges(before, r->settings, r->replaced);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(describeChange(changes[0]).rfind("mailServers[icloud]: added {", 0), 0u)
      << describeChange(changes[0]);
  before = r->settings;
  r = importSettings(before, *parse(R"({"mailServers": [{"name": "icloud", "preset": "icloud",
                                                "host": "127.0.0.1", "port": 10993}]})"),
                     ImportMode::kMerge);
  ASSERT_OK(r);
  changes = settingsChanges(before, r->settings, r->replaced);
  std::vector<std::string> lines;
  for (const SettingChange& c : changes) {
    lines.push_back(describeChange(c));
  }
  EXPECT_EQ(lines, (std::vector<std::string>{
                       R"(mailServers[icloud].host: "imap.mail.me.com" -> "127.0.0.1")",
                       "mailServers[icloud].port: 993 -> 10993"}));
}

}  // namespace
}  // namespace enp
