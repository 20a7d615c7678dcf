// The data key file and what is sealed with it: stored credentials stay unreadable without it.
#include "enp/common/data_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "enp/common/sealed_text.h"
#include "enp/common/secrets.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace enp {
namespace {

using testsupport::TempDir;
using testsupport::valueOf;

TEST(DataKey, IsCreatedOnceWithMode600AndReadBackTheSame) {
  TempDir dir;
  const std::string path = dir.file("enp.key");
  const DataKey first = valueOf(DataKey::loadOrCreate(path));
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  const DataKey again = valueOf(DataKey::loadOrCreate(path));
  EXPECT_EQ(first.derive("credentials"), again.derive("credentials"));
}

TEST(DataKey, PurposesGetDifferentKeysAndInstallationsDiffer) {
  TempDir a, b;
  const DataKey ka = valueOf(DataKey::loadOrCreate(a.file("enp.key")));
  const DataKey kb = valueOf(DataKey::loadOrCreate(b.file("enp.key")));
  EXPECT_EQ(ka.derive("credentials").size(), 32u);
  EXPECT_NE(ka.derive("credentials"), ka.derive("callback-tokens"));
  EXPECT_NE(ka.derive("credentials"), kb.derive("credentials"));
}

TEST(DataKey, DerivesRfc5869TestCaseThreeWithoutSaltOrInfo) {
  // RFC 5869 A.3: IKM = 22 x 0x0b, no salt, no info, L = 42; the first 32 bytes.
  const DataKey key = DataKey::fromBytes(std::string(22, '\x0b'));
  const std::string okm = key.derive("");
  static const unsigned char kExpected[] = {0x8d, 0xa4, 0xe7, 0x75, 0xa5, 0x63, 0xc1, 0x8f,
                                            0x71, 0x5f, 0x80, 0x2a, 0x06, 0x3c, 0x5a, 0x31,
                                            0xb8, 0xa1, 0x1f, 0x5c, 0x5e, 0xe1, 0x87, 0x9e,
                                            0xc3, 0x45, 0x4e, 0x5f, 0x3c, 0x73, 0x8d, 0x2d};
  EXPECT_EQ(okm, std::string(reinterpret_cast<const char*>(kExpected), 32));
}

TEST(DataKey, RefusesAFileOthersCanReadOrOfTheWrongSize) {
  TempDir dir;
  const std::string open = dir.write("open.key", std::string(32, 'k'));
  chmod(open.c_str(), 0644);
  const auto loose = DataKey::loadOrCreate(open);
  ASSERT_FALSE(loose.ok());
  EXPECT_EQ(loose.error().code(), StatusCode::kInvalid);
  EXPECT_NE(loose.error().message().find("mode 644"), std::string::npos);
  const std::string shortKey = dir.write("short.key", "too short");
  chmod(shortKey.c_str(), 0600);
  const auto wrong = DataKey::loadOrCreate(shortKey);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message().find("not a data key"), std::string::npos);
  EXPECT_EQ(DataKey::loadOrCreate(dir.file("missing/enp.key")).error().code(), StatusCode::kStore);
}

TEST(SealedText, OpensWithTheSameKeyAndContextOnly) {
  const std::string key(32, 'k');
  const std::string sealed = seal(key, "app-specific password", "registration:r1:password");
  EXPECT_EQ(sealed.rfind("v1.", 0), 0u);
  EXPECT_EQ(sealed.find("app-specific"), std::string::npos);
  EXPECT_EQ(valueOf(unseal(key, sealed, "registration:r1:password")), "app-specific password");
  EXPECT_FALSE(unseal(std::string(32, 'x'), sealed, "registration:r1:password").ok());
  EXPECT_FALSE(unseal(key, sealed, "registration:r2:password").ok());
}

TEST(SealedText, EachSealIsFreshAndAnyChangedByteIsRefused) {
  const std::string key(32, 'k');
  const std::string a = seal(key, "secret", "c");
  EXPECT_NE(a, seal(key, "secret", "c"));  // a random nonce each time
  const std::string raw = base64UrlDecode(a.substr(3)).value();
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string changed = raw;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    const auto opened = unseal(key, "v1." + base64UrlEncode(changed), "c");
    ASSERT_FALSE(opened.ok()) << "byte " << i;
    EXPECT_EQ(opened.error().message().find("secret"), std::string::npos);
  }
  EXPECT_FALSE(unseal(key, "secret", "c").ok());
  EXPECT_FALSE(unseal(key, "v1.%%%", "c").ok());
  EXPECT_FALSE(unseal(key, "v1.AAAA", "c").ok());
  EXPECT_EQ(valueOf(unseal(key, seal(key, "", "c"), "c")), "");
}

TEST(Base64Url, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 70; ++i) {
    EXPECT_EQ(base64UrlDecode(base64UrlEncode(bytes)).value(), bytes);
    bytes.push_back(static_cast<char>(i * 37));
  }
  EXPECT_EQ(base64UrlEncode("\xfb\xff"), "-_8");
  // RFC 4648's vectors, without the padding.
  EXPECT_EQ(base64UrlEncode(""), "");
  EXPECT_EQ(base64UrlEncode("f"), "Zg");
  EXPECT_EQ(base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(base64UrlEncode("fooba"), "Zm9vYmE");
  EXPECT_EQ(base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64UrlEncode(std::string("\x00\x00\x3e\x00\x3f", 5)), "AAA-AD8");
  EXPECT_FALSE(base64UrlDecode("a").has_value());
  EXPECT_FALSE(base64UrlDecode("ab=c").has_value());
}

}  // namespace
}  // namespace enp
