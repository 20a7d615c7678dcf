#include <gtest/gtest.h>

#include "enp/cli/options.h"
#include "status_matchers.h"

namespace enp::cli {
namespace {

TEST(CliOptions, ValuesFlagsAndPositionals) {
  Options o({"config"}, {"with-secrets"});
  ASSERT_OK(o.parse({"export", "--with-secrets", "--config", "/etc/x", "out.json"}));
  EXPECT_TRUE(o.has("with-secrets"));
  EXPECT_EQ(o.get("config"), "/etc/x");
  EXPECT_EQ(o.positional(), (std::vector<std::string>{"export", "out.json"}));
  Options eq({"config"}, {});
  ASSERT_OK(eq.parse({"--config=/a=b"}));
  EXPECT_EQ(eq.get("config"), "/a=b");
}

TEST(CliOptions, MistakesAreErrors) {
  EXPECT_EQ(Options({"config"}, {}).parse({"--confg", "x"}).toString(),
            "invalid: unknown option --confg");
  EXPECT_EQ(Options({"config"}, {}).parse({"--config"}).toString(),
            "invalid: --config needs a value");
  EXPECT_EQ(Options({}, {"help"}).parse({"--help=yes"}).toString(),
            "invalid: --help takes no value");
}

}  // namespace
}  // namespace enp::cli
