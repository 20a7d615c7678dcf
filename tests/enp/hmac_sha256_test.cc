// HMAC-SHA256 against RFC 4231's test cases.
#include "enp/common/hmac_sha256.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace enp {
namespace {

std::string hex(const std::string& bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

TEST(HmacSha256, Rfc4231TestCase1) {
  const HmacSha256 hmac(std::string(20, '\x0b'));
  EXPECT_EQ(hex(hmac.mac("Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(HmacSha256, Rfc4231TestCase2AShortKey) {
  const HmacSha256 hmac("Jefe");
  EXPECT_EQ(hex(hmac.mac("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256, Rfc4231TestCase6AKeyLongerThanABlock) {
  const HmacSha256 hmac(std::string(131, '\xaa'));
  EXPECT_EQ(hex(hmac.mac("Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacSha256, EachMessageFromTheSameKeyedState) {
  const HmacSha256 hmac("Jefe");
  const std::string first = hmac.mac("what do ya want for nothing?");
  EXPECT_NE(hmac.mac("something else"), first);
  EXPECT_EQ(hmac.mac("what do ya want for nothing?"), first);  // nothing of the last carried
}

TEST(HmacSha256, SeveralThreadsAtOnce) {
  const HmacSha256 hmac(std::string(20, '\x0b'));
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (size_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        if (hex(hmac.mac("Hi There")) !=
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7") {
          ++wrong[t];
        }
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace enp
