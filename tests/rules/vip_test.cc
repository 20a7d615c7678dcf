#include <gtest/gtest.h>

#include "rules/engine.h"
#include "rules/policy.h"

namespace rules_test {
namespace {

std::string normal(const std::string& entry) {
  std::string error;
  const std::string out = rules::normalizeVip(entry, &error);
  EXPECT_EQ(out.empty(), !error.empty()) << entry;
  return out;
}

std::string problem(const std::string& entry) {
  std::string error;
  EXPECT_EQ(rules::normalizeVip(entry, &error), "") << entry;
  return error;
}

TEST(Vip, NormalisesAtRegistration) {
  EXPECT_EQ(normal("bob@contoso.com"), "bob@contoso.com");
  EXPECT_EQ(normal("  Bob@Contoso.COM \t"), "bob@contoso.com");
  EXPECT_EQ(normal("\"Bob Smith\" <Bob@Contoso.com>"), "bob@contoso.com");
  EXPECT_EQ(normal("Bob <bob@x>"), "bob@x");
  EXPECT_EQ(normal("\"Smith, Bob\" <bob@x.org>"), "bob@x.org");
  EXPECT_EQ(normal("<bob@x.org>"), "bob@x.org");
  EXPECT_EQ(normal("smtp:Bob@X.org"), "bob@x.org");
  EXPECT_EQ(normal("mailto:bob@x.org"), "bob@x.org");
  EXPECT_EQ(normal("@Contoso.com"), "@contoso.com");
  EXPECT_EQ(normal(" *@contoso.com "), "@contoso.com");
}

TEST(Vip, RefusesWithActionableMessages) {
  EXPECT_EQ(problem(""), "empty entry (expected user@domain or @domain)");
  EXPECT_EQ(problem("   "), "empty entry (expected user@domain or @domain)");
  EXPECT_EQ(problem("contoso.com"),
            "expected user@domain or @domain, got \"contoso.com\" (for a whole domain write "
            "@contoso.com)");
  EXPECT_EQ(problem("bob"), "expected user@domain or @domain, got \"bob\"");
  EXPECT_EQ(problem("bob@"), "expected user@domain or @domain, got \"bob@\"");
  EXPECT_EQ(problem("bob@@x.com"), "expected user@domain or @domain, got \"bob@@x.com\"");
  EXPECT_EQ(problem("bob smith@x.com"), "expected user@domain or @domain, got \"bob smith@x.com\"");
  EXPECT_EQ(problem("@"), "expected user@domain or @domain, got \"@\"");
  EXPECT_NE(problem("/o=Contoso/ou=First/cn=Recipients/cn=bob").find("X.500"), std::string::npos);
}

TEST(Vip, MatchesCaseInsensitivelyAndByExactDomain) {
  rules::Policy policy;
  policy.vips = {"bob@contoso.com", "@fabrikam.com"};
  EXPECT_TRUE(rules::isVip(policy, "BOB@contoso.COM"));
  EXPECT_TRUE(rules::isVip(policy, " Bob Smith <bob@contoso.com> "));
  EXPECT_TRUE(rules::isVip(policy, "anyone@Fabrikam.com"));
  EXPECT_EQ(rules::matchingVip(policy, "anyone@fabrikam.com"), "@fabrikam.com");
  EXPECT_FALSE(rules::isVip(policy, "anyone@eu.fabrikam.com"));
  EXPECT_FALSE(rules::isVip(policy, "alice@contoso.com"));
  EXPECT_FALSE(rules::isVip(policy, ""));
  EXPECT_FALSE(rules::isVip(policy, "@fabrikam.com"));
  EXPECT_FALSE(rules::isVip(policy, "/o=Contoso/ou=First/cn=Recipients/cn=bob"));
  EXPECT_TRUE(rules::isX500Address("/O=Contoso/OU=First/CN=Recipients/CN=bob"));
  EXPECT_FALSE(rules::isX500Address("bob@contoso.com"));
}

}  // namespace
}  // namespace rules_test
