#include "enp/config/settings.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "enp/config/json_fields.h"

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
          "audience": "cns", "algorithm": "ES256", "key": "k", "keyId": "kid1"},
  "registrationKeys": [{"label": "uem", "key": "0123456789012345678901"}],
  "policy": {"privacy": "sender-only", "snippetLength": 80, "maxAgeMinutes": 30}})";

std::string errorOf(const std::string& doc) {
  Settings s;
  std::string error;
  EXPECT_FALSE(settingsFromJson(*parse(doc), &s, &error)) << doc;
  return error;
}

TEST(Settings, ParsesAndNormalises) {
  Settings s;
  std::string error;
  ASSERT_TRUE(settingsFromJson(*parse(kValid), &s, &error)) << error;
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
          R"({"exchange":[{"name":"a","ewsUrl":"https://x/EWS","version":"Exchange2019","auth":{"username":"u"}}]})")
          .substr(0, 28),
      "exchange[0].version: expecte");
  EXPECT_EQ(errorOf(R"({"exchange":[{"name":"a","ewsUrl":"https://x/E","auth":{"username":"u"}},)"
                    R"({"name":"a","ewsUrl":"https://y/E","auth":{"username":"u"}}]})"),
            "exchange[1].name: 'a' is used twice");
}

TEST(Settings, ExportHidesSecretsUnlessAsked) {
  Settings s;
  std::string error;
  ASSERT_TRUE(settingsFromJson(*parse(kValid), &s, &error));
  std::string without = json::stringify(settingsToJson(s, false));
  EXPECT_EQ(without.find("\"pw\""), std::string::npos);
  EXPECT_EQ(without.find("\"tok\""), std::string::npos);
  EXPECT_EQ(without.find("0123456789012345678901"), std::string::npos);
  EXPECT_NE(without.find("\"passwordSet\":true"), std::string::npos);
  std::string with = json::stringify(settingsToJson(s, true));
  EXPECT_NE(with.find("\"pw\""), std::string::npos);
  // The export parses back to the same settings.
  Settings back;
  ASSERT_TRUE(settingsFromJson(*parse(with), &back, &error)) << error;
  EXPECT_EQ(json::stringify(settingsToJson(back, true)), with);
}

TEST(Settings, ReimportWithoutSecretsKeepsThem) {
  Settings old, next;
  std::string error;
  ASSERT_TRUE(settingsFromJson(*parse(kValid), &old, &error));
  ASSERT_TRUE(settingsFromJson(*settingsToJson(old, false), &next, &error)) << error;
  EXPECT_TRUE(next.cns.token.empty());
  keepSecrets(old, &next);
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

TEST(Settings, IncompleteListsWhatIsMissing) {
  Settings s;
  auto missing = s.incomplete();
  ASSERT_FALSE(missing.empty());
  EXPECT_EQ(missing[0], "exchange: no Exchange server configured");
}

}  // namespace
}  // namespace enp
