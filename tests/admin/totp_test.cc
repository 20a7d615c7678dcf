// The TOTP second factor without a daemon: RFC 6238's test vectors (SHA-1), the ±1 step window,
// base32 and the otpauth:// URI, and SecondFactor on a real database: the secret sealed at
// rest, a code accepted once only.
#include "enp/admin/auth/totp.h"

#include <gtest/gtest.h>

#include "enp/admin/auth/second_factor.h"
#include "enp/common/sealed_text.h"
#include "status_matchers.h"
#include "temp_database.h"

namespace enp::admin {
namespace {

using testsupport::isOk;

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII of "12345678901234567890".
const std::string kRfcKey = "12345678901234567890";

int64_t stepAt(int64_t unixSeconds) { return unixSeconds / kTotpStepSeconds; }

TEST(Totp, MatchesTheRfc6238Sha1TestVectors) {
  const std::vector<std::pair<int64_t, std::string>> vectors = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [seconds, code] : vectors) {
    EXPECT_EQ(hotpCode(kRfcKey, static_cast<uint64_t>(stepAt(seconds)), 8), code) << seconds;
    // Six digits (what apps show) are the last six of the eight.
    EXPECT_EQ(hotpCode(kRfcKey, static_cast<uint64_t>(stepAt(seconds))), code.substr(2)) << seconds;
  }
}

TEST(Totp, AcceptsOneStepEitherSideAndNoMore) {
  const int64_t t = 1111111111000;  // ms
  const int64_t step = totpStep(t);
  const std::string now = hotpCode(kRfcKey, step);
  EXPECT_EQ(matchTotp(kRfcKey, now, t), step);
  EXPECT_EQ(matchTotp(kRfcKey, hotpCode(kRfcKey, step - 1), t), step - 1);
  EXPECT_EQ(matchTotp(kRfcKey, hotpCode(kRfcKey, step + 1), t), step + 1);
  EXPECT_FALSE(matchTotp(kRfcKey, hotpCode(kRfcKey, step - 2), t));
  EXPECT_FALSE(matchTotp(kRfcKey, hotpCode(kRfcKey, step + 2), t));
  EXPECT_FALSE(matchTotp("another key 12345678", now, t));
}

TEST(Totp, RefusesCodesThatAreNotSixDigits) {
  const int64_t t = 59000;
  const std::string code = hotpCode(kRfcKey, totpStep(t));
  EXPECT_FALSE(matchTotp(kRfcKey, "", t));
  EXPECT_FALSE(matchTotp(kRfcKey, code + "0", t));
  EXPECT_FALSE(matchTotp(kRfcKey, code.substr(1), t));
  EXPECT_FALSE(matchTotp(kRfcKey, " " + code.substr(1), t));
}

TEST(Totp, Base32AndTheOtpauthUri) {
  // RFC 4648 §10.
  EXPECT_EQ(base32Encode(""), "");
  EXPECT_EQ(base32Encode("f"), "MY");
  EXPECT_EQ(base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(base32Encode(kRfcKey), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(otpauthUri("ENP", "alice@example.com", kRfcKey),
            "otpauth://totp/ENP:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=ENP&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(newTotpSecret().size(), kTotpSecretBytes);
  EXPECT_NE(newTotpSecret(), newTotpSecret());
}

class SecondFactorTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    users_ = std::make_unique<AdminUserStore>(*db_);
    ASSERT_TRUE(isOk(users_->create("alice", "hash", AdminRole::kOperator, false, 1)));
    factor_ = std::make_unique<SecondFactor>(*users_, key_);
  }
  AdminUser alice() { return *users_->find("alice"); }

  const std::string key_ = std::string(32, 'k');
  std::unique_ptr<AdminUserStore> users_;
  std::unique_ptr<SecondFactor> factor_;
};

TEST_F(SecondFactorTest, EnrolmentIsOnOnlyOnceConfirmedAndTheSecretIsSealed) {
  const int64_t t = 1700000000000;
  Result<std::string> secret = factor_->begin("alice", t);
  ASSERT_TRUE(isOk(secret));
  EXPECT_FALSE(alice().totpEnabled);
  EXPECT_EQ(alice().totpSealed.find(*secret), std::string::npos);
  EXPECT_EQ(alice().totpSealed.find(base32Encode(*secret)), std::string::npos);
  EXPECT_EQ(*unseal(key_, alice().totpSealed, "admin-user:alice:totp"), *secret);

  EXPECT_EQ(factor_->confirm("alice", hotpCode(*secret, totpStep(t) + 5), t).code(),
            StatusCode::kInvalid);
  EXPECT_FALSE(alice().totpEnabled);
  const std::string code = hotpCode(*secret, totpStep(t));
  ASSERT_TRUE(isOk(factor_->confirm("alice", code, t)));
  EXPECT_TRUE(alice().totpEnabled);
  // The code that confirmed it is used up.
  EXPECT_EQ(factor_->verify(alice(), code, t).code(), StatusCode::kInvalid);
}

TEST_F(SecondFactorTest, ACodeIsAcceptedOnceAndNeverAnEarlierOne) {
  const int64_t t = 1700000000000;
  const std::string secret = *factor_->begin("alice", t);
  ASSERT_TRUE(isOk(factor_->confirm("alice", hotpCode(secret, totpStep(t) - 1), t)));
  const std::string now = hotpCode(secret, totpStep(t));
  EXPECT_TRUE(isOk(factor_->verify(alice(), now, t)));
  EXPECT_EQ(factor_->verify(alice(), now, t).code(), StatusCode::kInvalid);
  // Once the next step's code was used, the current one (still in the window) is refused.
  EXPECT_TRUE(isOk(factor_->verify(alice(), hotpCode(secret, totpStep(t) + 1), t)));
  EXPECT_EQ(factor_->verify(alice(), now, t + 30000).code(), StatusCode::kInvalid);
  EXPECT_TRUE(isOk(factor_->verify(alice(), hotpCode(secret, totpStep(t) + 2), t + 30000)));
}

TEST_F(SecondFactorTest, ASecretSealedForAnotherUserDoesNotOpen) {
  const int64_t t = 1700000000000;
  ASSERT_TRUE(isOk(users_->create("bob", "hash", AdminRole::kHelpdesk, false, 1)));
  const std::string secret = *factor_->begin("alice", t);
  ASSERT_TRUE(isOk(users_->setTotpPending("bob", alice().totpSealed, t)));
  EXPECT_EQ(factor_->confirm("bob", hotpCode(secret, totpStep(t)), t).code(),
            StatusCode::kInternal);
}

}  // namespace
}  // namespace enp::admin
