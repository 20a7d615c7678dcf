#include <gtest/gtest.h>

#include "enp/cli/options.h"

namespace enp::cli {
namespace {

TEST(CliOptions, ValuesFlagsAndPositionals) {
  Options o({"config"}, {"with-secrets"});
  std::string error;
  ASSERT_TRUE(o.parse({"export", "--with-secrets", "--config", "/etc/x", "out.json"}, &error));
  EXPECT_TRUE(o.has("with-secrets"));
  EXPECT_EQ(o.get("config"), "/etc/x");
  EXPECT_EQ(o.positional(), (std::vector<std::string>{"export", "out.json"}));
  Options eq({"config"}, {});
  ASSERT_TRUE(eq.parse({"--config=/a=b"}, &error));
  EXPECT_EQ(eq.get("config"), "/a=b");
}

TEST(CliOptions, MistakesAreErrors) {
  std::string error;
  EXPECT_FALSE(Options({"config"}, {}).parse({"--confg", "x"}, &error));
  EXPECT_EQ(error, "unknown option --confg");
  EXPECT_FALSE(Options({"config"}, {}).parse({"--config"}, &error));
  EXPECT_EQ(error, "--config needs a value");
  EXPECT_FALSE(Options({}, {"help"}).parse({"--help=yes"}, &error));
  EXPECT_EQ(error, "--help takes no value");
}

}  // namespace
}  // namespace enp::cli
