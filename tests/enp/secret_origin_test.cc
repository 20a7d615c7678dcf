// A stored secret goes only where it was saved for (scheme, host, port).
#include "enp/config/secret_origin.h"

#include <gtest/gtest.h>

#include "enp/config/settings.h"

namespace enp {
namespace {

TEST(SecretOrigin, OriginIsSchemeHostAndPort) {
  EXPECT_EQ(urlOrigin("https://Mail.Contoso.com/EWS/Exchange.asmx"),
            "https://mail.contoso.com:443");
  EXPECT_EQ(urlOrigin("https://mail.contoso.com:443/ews"), "https://mail.contoso.com:443");
  EXPECT_EQ(urlOrigin("http://mail.contoso.com/ews"), "http://mail.contoso.com:80");
  EXPECT_EQ(urlOrigin("https://mail.contoso.com:8443/ews"), "https://mail.contoso.com:8443");
  EXPECT_EQ(urlOrigin("not a url"), "");
  EXPECT_EQ(urlOrigin(""), "");
}

TEST(SecretOrigin, OnlyTheSameOriginMayReceiveTheSecret) {
  const std::string saved = "https://mail1.contoso.com/EWS/Exchange.asmx";
  EXPECT_TRUE(secretMayFollow("p", saved, "https://MAIL1.contoso.com/ews/exchange.asmx").ok());
  EXPECT_TRUE(secretMayFollow("p", saved, "https://mail1.contoso.com:443/other").ok());
  for (const char* other :
       {"http://mail1.contoso.com/EWS/Exchange.asmx", "https://mail1.contoso.com:8443/EWS",
        "https://mail2.contoso.com/EWS/Exchange.asmx", "https://mail1.contoso.com.evil.net/EWS",
        "garbage"}) {
    const Status s = secretMayFollow("exchange[0].auth.password", saved, other);
    EXPECT_EQ(s.code(), StatusCode::kInvalid) << other;
    EXPECT_EQ(s.message().rfind("exchange[0].auth.password: the URL now points at ", 0), 0u)
        << s.message();
  }
  EXPECT_FALSE(secretMayFollow("p", "", "https://x/").ok());
}

Settings saved() {
  Settings s;
  ExchangeServer e;
  e.name = "mail1";
  e.ewsUrl = "https://mail1.contoso.com/EWS/Exchange.asmx";
  e.auth.username = "svc";
  e.auth.password = "exchange-password";
  s.exchange = {e};
  s.cns.url = "https://cns.example.net/v1/push";
  s.cns.token = "cns-token";
  s.cns.key = "signing-key-0123456789abcdef0123";
  s.alerts.smtp.host = "smtp.mail.me.com";
  s.alerts.smtp.port = 587;
  s.alerts.smtp.username = "ops@icloud.com";
  s.alerts.smtp.password = "app-password";
  return s;
}

Settings withoutSecrets(Settings s) {
  s.exchange[0].auth.password.clear();
  s.cns.token.clear();
  s.cns.key.clear();
  s.alerts.smtp.password.clear();
  return s;
}

TEST(SecretOrigin, AnImportKeepsSecretsOnlyWhereTheyWereSavedFor) {
  Settings same = withoutSecrets(saved());
  same.exchange[0].ewsUrl = "https://mail1.contoso.com/ews/exchange.asmx";
  ASSERT_TRUE(keepSecrets(saved(), &same).ok());
  EXPECT_EQ(same.exchange[0].auth.password, "exchange-password");
  EXPECT_EQ(same.cns.token, "cns-token");
  EXPECT_EQ(same.alerts.smtp.password, "app-password");

  Settings exchangeMoved = withoutSecrets(saved());
  exchangeMoved.exchange[0].ewsUrl = "https://evil.example.net/EWS/Exchange.asmx";
  const Status e = keepSecrets(saved(), &exchangeMoved);
  EXPECT_EQ(e.message().rfind("exchange[0].auth.password:", 0), 0u) << e.message();

  Settings cnsMoved = withoutSecrets(saved());
  cnsMoved.cns.url = "http://cns.example.net/v1/push";  // same host, plain http
  EXPECT_EQ(keepSecrets(saved(), &cnsMoved).message().rfind("cns.token:", 0), 0u);

  Settings smtpMoved = withoutSecrets(saved());
  smtpMoved.alerts.smtp.host = "smtp.evil.example.net";
  EXPECT_EQ(keepSecrets(saved(), &smtpMoved).message().rfind("alerts.smtp.password:", 0), 0u);

  // Given again, a moved secret is fine.
  Settings given = withoutSecrets(saved());
  given.exchange[0].ewsUrl = "https://mail9.contoso.com/EWS/Exchange.asmx";
  given.exchange[0].auth.password = "new-password";
  EXPECT_TRUE(keepSecrets(saved(), &given).ok());
  EXPECT_EQ(given.exchange[0].auth.password, "new-password");
}

}  // namespace
}  // namespace enp
