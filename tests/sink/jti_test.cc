#include "enp/sink/jti.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace enp {
namespace {

TEST(Jti, Is32LowerHexCharacters) {
  const std::string jti = makeJti("alice@contoso.com", "AAMkItem1=", "device-1");
  ASSERT_EQ(32u, jti.size());
  EXPECT_EQ(std::string::npos, jti.find_first_not_of("0123456789abcdef")) << jti;
}

// SHA-256 of "enp-jti-v1\n" and each field as "<byte length>:<bytes>" (the mailbox in lower
// case), its first 16 bytes in hex: a retry after an upgrade keeps its jti, so CNS still drops
// the second copy. (Python: hashlib.sha256(b"enp-jti-v1\n17:alice@contoso.com...").)
TEST(Jti, TheDocumentedDigest) {
  EXPECT_EQ(makeJti("Alice@Contoso.com", "AAMkItem1=", "device-1"),
            "a33629eb9d760dea05f60cc8d118ca6d");
  EXPECT_EQ(makeJti("bob@contoso.com", "AAMk/\xc3\xa4+x==", "tok"),
            "0c34b82a86fccf3f6bd06cdd60c11493");
}

TEST(Jti, StableForTheSameMailAndDevice) {
  EXPECT_EQ(makeJti("alice@contoso.com", "AAMkItem1=", "device-1"),
            makeJti("alice@contoso.com", "AAMkItem1=", "device-1"));
  // SMTP addresses compare case-insensitively; item ids and tokens do not.
  EXPECT_EQ(makeJti("alice@contoso.com", "AAMkItem1=", "device-1"),
            makeJti("Alice@Contoso.COM", "AAMkItem1=", "device-1"));
}

TEST(Jti, AnyFieldChangesIt) {
  const std::set<std::string> jtis = {
      makeJti("alice@contoso.com", "AAMkItem1=", "device-1"),
      makeJti("bob@contoso.com", "AAMkItem1=", "device-1"),
      makeJti("alice@contoso.com", "AAMkItem2=", "device-1"),
      makeJti("alice@contoso.com", "AAMkItem1=", "device-2"),
      makeJti("alice@contoso.com", "aamkitem1=", "device-1"),
      makeJti("", "", ""),
  };
  EXPECT_EQ(6u, jtis.size());
}

TEST(Jti, FieldBoundariesAreUnambiguous) {
  EXPECT_NE(makeJti("ab", "c", "d"), makeJti("a", "bc", "d"));
  EXPECT_NE(makeJti("a", "b", "cd"), makeJti("a", "bc", "d"));
  EXPECT_NE(makeJti(std::string("a\0b", 3), "c", "d"), makeJti("a", std::string("b\0c", 3), "d"));
}

}  // namespace
}  // namespace enp
