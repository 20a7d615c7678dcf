#include "enp/sink/cns/cns_refusal.h"

#include <gtest/gtest.h>

#include <string>

namespace enp {
namespace {

TEST(CnsRefusal, OAuthErrorDescriptionIsTheReasonAndPointsAtTheSettingItNames) {
  const CnsRefusal r = readCnsRefusal(
      401, "application/json; charset=utf-8",
      R"({"error":"invalid_token","error_description":"aud claim does not match cns.example.net"})",
      "");
  EXPECT_EQ(r.reason, "invalid_token: aud claim does not match cns.example.net");
  EXPECT_EQ(r.setting, "audience");
}

TEST(CnsRefusal, ProblemDetailsGiveTheirDetail) {
  const CnsRefusal r = readCnsRefusal(
      400, "application/problem+json",
      R"({"type":"about:blank","title":"Bad token","detail":"unknown kid 'k-2'"})", "");
  EXPECT_EQ(r.reason, "unknown kid 'k-2'");
  EXPECT_EQ(r.setting, "keyId");
}

TEST(CnsRefusal, SignatureAndIssuerAndExpiryPointAtTheirSettings) {
  EXPECT_EQ(
      readCnsRefusal(400, "application/json", R"({"message":"signature invalid"})", "").setting,
      "algorithm");
  EXPECT_EQ(
      readCnsRefusal(403, "application/json", R"({"message":"unknown issuer org-x"})", "").setting,
      "organizationId");
  EXPECT_EQ(
      readCnsRefusal(400, "application/json", R"J({"message":"token expired (exp)"})J", "").setting,
      "clock");
}

TEST(CnsRefusal, BearerChallengeIsReadWhenTheBodySaysNothing) {
  const CnsRefusal r = readCnsRefusal(
      401, "", "",
      R"(Bearer realm="cns", error="invalid_token", error_description="The access token expired")");
  EXPECT_EQ(r.reason, "invalid_token: The access token expired");
  EXPECT_EQ(r.setting, "token");
}

TEST(CnsRefusal, WithoutWordsTheStatusPointsAtASetting) {
  EXPECT_EQ(readCnsRefusal(401, "text/html", "<html>denied</html>", "").reason, "");
  EXPECT_EQ(readCnsRefusal(401, "text/html", "<html>denied</html>", "").setting, "token");
  EXPECT_EQ(readCnsRefusal(404, "", "", "").setting, "url");
  EXPECT_EQ(readCnsRefusal(413, "", "", "").setting, "");
}

TEST(CnsRefusal, OnlyErrorFieldsAreTakenFromAJsonBody) {
  const CnsRefusal r = readCnsRefusal(400, "application/json",
                                      R"({"echo":"Top secret merger","sub":"device-1"})", "");
  EXPECT_EQ(r.reason, "");
}

TEST(CnsRefusal, TheReasonIsOneBoundedPrintableLine) {
  const std::string longText(1000, 'x');
  const CnsRefusal r =
      readCnsRefusal(400, "text/plain", "bad\ttoken\x01\x1b[31m red\nsecond line " + longText, "");
  EXPECT_EQ(r.reason, "bad token [31m red");
  const CnsRefusal bounded = readCnsRefusal(400, "text/plain", longText, "");
  EXPECT_EQ(bounded.reason.size(), kMaxCnsReason);
  // A multi-byte character is never cut in half.
  std::string accents;
  for (int i = 0; i < 150; ++i) {
    accents += "\xC3\xA9";  // é
  }
  const CnsRefusal utf8 = readCnsRefusal(400, "text/plain", accents, "");
  EXPECT_EQ(utf8.reason.size() % 2, 0u);
  EXPECT_LE(utf8.reason.size(), kMaxCnsReason);
}

TEST(CnsRefusal, MalformedJsonGivesNoReason) {
  EXPECT_EQ(readCnsRefusal(400, "application/json", "{not json", "").reason, "");
}

TEST(CnsRefusal, LabelsNameWhatTheConsoleShows) {
  EXPECT_EQ(cnsSettingLabel("token"), "Bearer token");
  EXPECT_EQ(cnsSettingLabel("keyId"), "Key id");
  EXPECT_EQ(cnsSettingLabel(""), "");
}

}  // namespace
}  // namespace enp
