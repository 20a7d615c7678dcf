// The "alerts" section of the settings document: presets, defaults, errors naming the field,
// and the SMTP password handled like the other stored secrets.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "enp/config/json_fields.h"
#include "enp/config/settings.h"
#include "enp/config/smtp_presets.h"

namespace enp {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

Settings parsed(const std::string& alerts) {
  Result<Settings> s = settingsFromJson(*parse(R"({"alerts": )" + alerts + "}"));
  EXPECT_TRUE(s.ok()) << s.error().message();
  return s.ok() ? *s : Settings{};
}

std::string errorOf(const std::string& alerts) {
  Result<Settings> s = settingsFromJson(*parse(R"({"alerts": )" + alerts + "}"));
  EXPECT_FALSE(s.ok()) << alerts;
  return s.ok() ? "" : s.error().message();
}

const char* kICloud = R"({"smtp": {"preset": "icloud", "username": "ops@icloud.com",
  "password": "abcd-efgh-ijkl-mnop", "from": "ops@icloud.com"},
  "recipients": ["oncall@contoso.com"]})";

TEST(AlertSettings, DefaultsAreTheDocumentedOnes) {
  const AlertSettings a = parsed("{}").alerts;
  EXPECT_EQ(a.repeatMinutes, 240);
  EXPECT_TRUE(a.sendResolved);
  EXPECT_EQ(a.groupSeconds, 30);
  EXPECT_EQ(a.minSeverity, Severity::kWarning);
  EXPECT_EQ(a.smtp.security, SmtpSecurity::kStartTls);
  EXPECT_FALSE(a.mailEnabled());
}

TEST(AlertSettings, PresetsFillHostPortAndSecurity) {
  const AlertSettings a = parsed(kICloud).alerts;
  EXPECT_EQ(a.smtp.host, "smtp.mail.me.com");
  EXPECT_EQ(a.smtp.port, 587);
  EXPECT_EQ(a.smtp.security, SmtpSecurity::kStartTls);
  EXPECT_TRUE(a.mailEnabled());
  const SmtpSettings gmail =
      parsed(R"({"smtp": {"preset": "gmail-tls", "from": "a@gmail.com"}})").alerts.smtp;
  EXPECT_EQ(gmail.host, "smtp.gmail.com");
  EXPECT_EQ(gmail.port, 465);
  EXPECT_EQ(gmail.security, SmtpSecurity::kTls);
  EXPECT_EQ(findSmtpPreset("microsoft365")->host, "smtp.office365.com");
  // What the document says wins over the preset.
  const SmtpSettings relay =
      parsed(R"({"smtp": {"preset": "relay", "host": "relay.contoso.com"}})").alerts.smtp;
  EXPECT_EQ(relay.host, "relay.contoso.com");
  EXPECT_EQ(relay.port, 25);
  EXPECT_EQ(relay.security, SmtpSecurity::kNone);
}

TEST(AlertSettings, ErrorsNameTheField) {
  EXPECT_EQ(errorOf(R"({"smtp": {"security": "ssl"}})"),
            "alerts.smtp.security: expected starttls|tls|none, got 'ssl'");
  EXPECT_EQ(errorOf(R"({"smtp": {"preset": "aol"}})"),
            "alerts.smtp.preset: expected icloud|microsoft365|gmail|gmail-tls|relay, got 'aol'");
  EXPECT_EQ(errorOf(R"({"minSeverity": "info"})"),
            "alerts.minSeverity: expected critical|warning, got 'info'");
  EXPECT_EQ(errorOf(R"({"recipients": ["ops@contoso.com", "Bob <bob@contoso.com>"]})"),
            "alerts.recipients[1]: expected a mail address (name@example.com), got 'Bob "
            "<bob@contoso.com>'");
  EXPECT_EQ(errorOf(R"({"recipients": ["ops@contoso.com"]})"),
            "alerts.smtp.host: required to mail the recipients");
  EXPECT_EQ(errorOf(R"({"smtp": {"hots": "x"}})").rfind("alerts.smtp.hots: unknown field", 0), 0u);
  EXPECT_EQ(errorOf(R"({"repeatMinutes": -1})").rfind("alerts.repeatMinutes", 0), 0u);
}

TEST(AlertSettings, CredentialsAreNeverSentUnencrypted) {
  EXPECT_EQ(errorOf(R"({"smtp": {"host": "relay", "security": "none", "username": "u"}})"),
            "alerts.smtp.security: credentials are never sent unencrypted: use starttls or "
            "tls, or leave the username empty");
}

TEST(AlertSettings, ThePasswordIsASecret) {
  const Settings s = parsed(kICloud);
  const std::string exported = json::stringify(settingsToJson(s, false));
  EXPECT_EQ(exported.find("abcd-efgh-ijkl-mnop"), std::string::npos);
  EXPECT_NE(exported.find(R"("passwordSet":true)"), std::string::npos);
  // An export without secrets imports again and keeps the stored password.
  Result<Settings> read = settingsFromJson(*parse(exported));
  ASSERT_TRUE(read.ok()) << read.error().message();
  Settings again = *read;
  EXPECT_TRUE(again.alerts.smtp.password.empty());
  ASSERT_TRUE(keepSecrets(s, &again).ok());
  EXPECT_EQ(again.alerts.smtp.password, "abcd-efgh-ijkl-mnop");
  EXPECT_NE(json::stringify(settingsToJson(s, true)).find("abcd-efgh-ijkl-mnop"),
            std::string::npos);
}

}  // namespace
}  // namespace enp
