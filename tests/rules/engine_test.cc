// The table-driven engine test (tables in engine_cases_*.cc): each row states the local time by
// hand, and the test checks the library's local time, decision, rule, zone and reason.
#include "rules/engine.h"

#include <gtest/gtest.h>

#include "rules_test_util.h"

namespace rules_test {
namespace {

class EngineTableTest : public ::testing::TestWithParam<EngineCase> {};

TEST_P(EngineTableTest, Decides) {
  const EngineCase& c = GetParam();
  std::chrono::system_clock::time_point at;
  std::string error;
  ASSERT_TRUE(rules::parseInstant(c.at, &at, &error)) << error;
  const rules::Policy policy = policyOf(c);
  const rules::Decision d = rules::decide(policy, mailOf(c), at, testZones());

  EXPECT_EQ(describeLocal(rules::toLocalTime(testZones().find(c.zone), at)), c.local);
  EXPECT_EQ(d.deliver, c.deliver) << d.reason;
  EXPECT_STREQ(rules::toString(d.rule), rules::toString(c.rule)) << d.reason;
  EXPECT_EQ(d.zone, *c.zoneUsed != '\0' ? c.zoneUsed : c.zone);
  EXPECT_NE(d.reason.find(c.reason), std::string::npos) << d.reason;
  EXPECT_EQ(d.reason.rfind(c.deliver ? "Delivered: " : "Suppressed: ", 0), 0U) << d.reason;
  // The registration check agrees with the row.
  EXPECT_EQ(rules::validatePolicy(policy, testZones(), &error), c.registrable) << error;
}

TEST(EngineTable, HasAtLeastSixtyCasesWithUniqueNames) {
  std::set<std::string> names;
  for (const EngineCase& c : engineCases()) {
    EXPECT_TRUE(names.insert(c.name).second) << c.name;
  }
  EXPECT_GE(engineCases().size(), 60U);
}

INSTANTIATE_TEST_SUITE_P(Rules, EngineTableTest, ::testing::ValuesIn(engineCases()),
                         [](const ::testing::TestParamInfo<EngineCase>& row) {
                           return std::string(row.param.name);
                         });

}  // namespace
}  // namespace rules_test
