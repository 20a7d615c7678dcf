// SMTP through libcurl against a real server process (aiosmtpd) in each security mode.
#include "enp/alert/smtp_mailer.h"

#include <gtest/gtest.h>

#include "enp/alert/mime_message.h"
#include "enp/alert/test_mail.h"
#include "smtp_test_server.h"
#include "status_matchers.h"

namespace enp {
namespace {

using Mode = testsupport::SmtpTestServer::Mode;
using testsupport::SmtpTestServer;

constexpr const char* kUser = "enp-alerts@contoso.com";
constexpr const char* kPassword = "app-specific-pass-1234";

SmtpSettings settingsFor(const SmtpTestServer& server, SmtpSecurity security) {
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = server.port();
  s.security = security;
  s.from = kUser;
  if (security != SmtpSecurity::kNone) {
    s.username = kUser;
    s.password = kPassword;
    s.caFile = server.certFile();
  }
  return s;
}

OutgoingMail mail(const std::string& to = "ops@contoso.com") {
  MailMessage m;
  m.from = kUser;
  m.to = {to};
  m.subject = "[ENP warning] Queue: notifications waiting";
  m.body = "Body text\n";
  m.dateMs = 1796040000000;
  return {m.from, m.to, renderMessage(m)};
}

std::string auth() { return std::string(kUser) + ":" + kPassword; }

TEST(SmtpMailer, PlainRelayWithoutAuthentication) {
  SmtpTestServer server(Mode::kPlain);
  ASSERT_TRUE(server.running()) << server.transcript();
  SmtpMailer mailer;
  ASSERT_OK(mailer.send(settingsFor(server, SmtpSecurity::kNone), mail()));
  ASSERT_TRUE(server.waitForMail(1));
  const std::string raw = server.mails()[0];
  EXPECT_EQ(testsupport::mailHeader(raw, "X-Envelope-To"), "ops@contoso.com");
  EXPECT_EQ(testsupport::mailHeader(raw, "Subject"), "[ENP warning] Queue: notifications waiting");
  EXPECT_EQ(server.seen("AUTH"), 0u);
}

TEST(SmtpMailer, StartTlsThenAuthentication) {
  SmtpTestServer server(Mode::kStartTls, auth());
  ASSERT_TRUE(server.running()) << server.transcript();
  SmtpMailer mailer;
  ASSERT_OK(mailer.send(settingsFor(server, SmtpSecurity::kStartTls), mail()));
  ASSERT_TRUE(server.waitForMail(1));
  EXPECT_EQ(server.seen("STARTTLS"), 1u);
  EXPECT_EQ(server.seen("auth ok"), 1u);
  EXPECT_EQ(testsupport::mailHeader(server.mails()[0], "X-Envelope-From"), kUser);
}

TEST(SmtpMailer, ImplicitTlsThenAuthentication) {
  SmtpTestServer server(Mode::kTls, auth());
  ASSERT_TRUE(server.running()) << server.transcript();
  SmtpMailer mailer;
  ASSERT_OK(mailer.send(settingsFor(server, SmtpSecurity::kTls), mail()));
  ASSERT_TRUE(server.waitForMail(1));
  EXPECT_EQ(server.seen("STARTTLS"), 0u);
  EXPECT_EQ(server.seen("auth ok"), 1u);
}

TEST(SmtpMailer, WrongPasswordIsAuthenticationFailed) {
  SmtpTestServer server(Mode::kStartTls, auth());
  SmtpSettings s = settingsFor(server, SmtpSecurity::kStartTls);
  s.password = "wrong-password";
  const Status st = SmtpMailer().send(s, mail());
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_EQ(st.message().rfind("535 authentication failed", 0), 0u) << st.message();
  EXPECT_EQ(st.message().find("wrong-password"), std::string::npos);
  EXPECT_EQ(server.seen("MAIL"), 0u);
}

TEST(SmtpMailer, NoStartTlsOfferedIsRefusedBeforeAnyCredential) {
  SmtpTestServer server(Mode::kNoStartTls, auth());
  ASSERT_TRUE(server.running()) << server.transcript();
  const Status st = SmtpMailer().send(settingsFor(server, SmtpSecurity::kStartTls), mail());
  EXPECT_EQ(st.message().rfind("STARTTLS not offered", 0), 0u) << st.message();
  ASSERT_TRUE(server.waitFor("EHLO", 1));
  EXPECT_EQ(server.seen("AUTH"), 0u) << server.transcript();
  EXPECT_EQ(server.seen("MAIL"), 0u);
}

TEST(SmtpMailer, UntrustedCertificateIsRefusedThenTrustedThroughCaFile) {
  SmtpTestServer server(Mode::kStartTls, auth());
  SmtpSettings s = settingsFor(server, SmtpSecurity::kStartTls);
  s.caFile.clear();  // the system store does not know the self-signed certificate
  const Status st = SmtpMailer().send(s, mail());
  EXPECT_EQ(st.message().rfind("certificate not trusted", 0), 0u) << st.message();
  EXPECT_EQ(server.seen("AUTH"), 0u);
  s.caFile = server.certFile();
  ASSERT_OK(SmtpMailer().send(s, mail()));
  EXPECT_TRUE(server.waitForMail(1));
}

TEST(SmtpMailer, TheCertificateMustNameTheHost) {
  SmtpTestServer server(Mode::kTls, auth());
  SmtpSettings s = settingsFor(server, SmtpSecurity::kTls);
  s.host = "127.0.0.2";  // reaches the same loopback, not a name in the certificate
  const Status st = SmtpMailer().send(s, mail());
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(server.seen("AUTH"), 0u);
}

TEST(SmtpMailer, RefusedRecipientIsNamed) {
  SmtpTestServer server(Mode::kStartTls, auth());
  const Status st =
      SmtpMailer().send(settingsFor(server, SmtpSecurity::kStartTls), mail("refuse@contoso.com"));
  EXPECT_EQ(st.message().rfind("550 recipient refused", 0), 0u) << st.message();
}

TEST(SmtpMailer, ConnectionRefused) {
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = 1;
  s.security = SmtpSecurity::kNone;
  const Status st = SmtpMailer().send(s, mail());
  EXPECT_EQ(st.message().rfind("connection refused", 0), 0u) << st.message();
}

TEST(SmtpMailer, AServerThatHangsTimesOut) {
  SmtpTestServer server(Mode::kHang);
  ASSERT_TRUE(server.running()) << server.transcript();
  SmtpMailer mailer(SmtpTimeouts{std::chrono::seconds(2), std::chrono::seconds(2)});
  const Status st = mailer.send(settingsFor(server, SmtpSecurity::kStartTls), mail());
  EXPECT_EQ(st.message().rfind("no answer from 127.0.0.1:", 0), 0u) << st.message();
}

TEST(SmtpMailer, CredentialsWithoutTlsAreRefusedWithoutConnecting) {
  SmtpTestServer server(Mode::kNoStartTls, auth());
  SmtpSettings s = settingsFor(server, SmtpSecurity::kStartTls);
  s.security = SmtpSecurity::kNone;
  const Status st = SmtpMailer().send(s, mail());
  EXPECT_EQ(st.code(), StatusCode::kInvalid);
  EXPECT_EQ(server.seen("EHLO"), 0u);
}

TEST(SmtpMailer, TestMailGoesToTheRecipientsOrTheAddressGiven) {
  SmtpTestServer server(Mode::kStartTls, auth());
  AlertSettings a;
  a.smtp = settingsFor(server, SmtpSecurity::kStartTls);
  a.recipients = {"ops@contoso.com"};
  SmtpMailer mailer;
  ASSERT_OK(sendTestMail(mailer, a, {}, 1796040000000, "https://127.0.0.1:8443/"));
  ASSERT_OK(sendTestMail(mailer, a, {"me@contoso.com"}, 1796040000000, "https://x/"));
  ASSERT_TRUE(server.waitForMail(2));
  const auto mails = server.mails();
  EXPECT_EQ(testsupport::mailHeader(mails[0], "To"), "ops@contoso.com");
  EXPECT_EQ(testsupport::mailHeader(mails[1], "To"), "me@contoso.com");
  EXPECT_EQ(testsupport::mailHeader(mails[0], "Subject"), "[ENP] Test mail");
  EXPECT_NE(testsupport::mailBody(mails[0]).find("https://127.0.0.1:8443/"), std::string::npos);
  for (const auto& m : mails) {
    EXPECT_EQ(m.find(kPassword), std::string::npos);
  }
}

}  // namespace
}  // namespace enp
