#include "ews/types.h"

#include <gtest/gtest.h>

#include "ews/error.h"
#include "ews/transport.h"

namespace ews {
namespace {

TEST(TypesTest, ServerVersionNamesRoundTrip) {
  for (ServerVersion v : {ServerVersion::kExchange2007_SP1, ServerVersion::kExchange2010,
                          ServerVersion::kExchange2010_SP1, ServerVersion::kExchange2010_SP2,
                          ServerVersion::kExchange2013, ServerVersion::kExchange2013_SP1,
                          ServerVersion::kExchange2016}) {
    EXPECT_EQ(parseServerVersion(toString(v)), v) << toString(v);
  }
  EXPECT_STREQ(toString(ServerVersion::kExchange2010_SP2), "Exchange2010_SP2");
  EXPECT_EQ(parseServerVersion("Exchange2099"), std::nullopt);
  EXPECT_FALSE(hasPreview(ServerVersion::kExchange2010_SP2));
  EXPECT_TRUE(hasPreview(ServerVersion::kExchange2013));
  EXPECT_TRUE(hasPreview(ServerVersion::kExchange2016));
}

TEST(TypesTest, SmtpAddressRules) {
  MailItem m;
  m.from = {"Alice", "/O=CONTOSO/CN=ALICE", "EX"};
  EXPECT_EQ(m.smtpAddress(), "");
  m.senderSmtpAddress = "alice@contoso.com";
  EXPECT_EQ(m.smtpAddress(), "alice@contoso.com");
  m.senderSmtpAddress.clear();
  m.from = {"Bob", "bob@fabrikam.com", "smtp"};
  EXPECT_EQ(m.smtpAddress(), "bob@fabrikam.com");
  m.from.routingType.clear();
  EXPECT_EQ(m.smtpAddress(), "bob@fabrikam.com");
}

TEST(TypesTest, AuthTypeNames) {
  Auth::Type t = Auth::Type::kNone;
  EXPECT_TRUE(parseAuthType("NTLM", &t));
  EXPECT_EQ(t, Auth::Type::kNtlm);
  EXPECT_TRUE(parseAuthType("negotiate", &t));
  EXPECT_EQ(t, Auth::Type::kNegotiate);
  EXPECT_FALSE(parseAuthType("kerberos5", &t));
  EXPECT_EQ(t, Auth::Type::kNegotiate);
  EXPECT_STREQ(toString(Auth::Type::kCertificate), "certificate");
}

TEST(TypesTest, ReplyHeaderIsCaseInsensitive) {
  HttpReply r;
  r.headers = {{"WWW-Authenticate", "Negotiate"}, {"Content-Type", "text/xml"}};
  EXPECT_EQ(r.header("www-authenticate"), "Negotiate");
  EXPECT_EQ(r.header("X-Missing"), "");
}

TEST(TypesTest, ErrorDescribe) {
  EXPECT_EQ(Error::http(401, "Unauthorized").describe(), "Http HTTP 401: Unauthorized");
  Error e = Error::exchange("ErrorInternalServerError", "failed");
  e.innerCode = "ErrorServerBusy";
  EXPECT_TRUE(e.isServerBusy());
  EXPECT_EQ(e.describe(), "Exchange ErrorInternalServerError (inner ErrorServerBusy): failed");
  EXPECT_EQ(Error::transport("CURLE_OPERATION_TIMEDOUT", "t").kind, ErrorKind::kTransport);
}

}  // namespace
}  // namespace ews
