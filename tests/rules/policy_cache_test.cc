#include "enp/decide/policy_cache.h"

#include <gtest/gtest.h>

#include <string>

#include "enp/decide/decider.h"
#include "rules_test_util.h"

namespace rules_test {
namespace {

const std::string kAmsterdam =
    R"({"timeZone":"Europe/Amsterdam","workHoursOnly":true,"vips":["boss@contoso.com"]})";
const std::string kTokyo = R"({"timeZone":"Asia/Tokyo","weekendAlerts":true})";

TEST(PolicyCache, GivesWhatLoadPolicyGives) {
  enp::PolicyCache cache(testZones());
  for (int round = 0; round < 2; ++round) {  // parsed, then from the cache
    const enp::Result<rules::Policy> cached = cache.load(kAmsterdam);
    const enp::Result<rules::Policy> direct = enp::loadPolicy(kAmsterdam, testZones());
    ASSERT_TRUE(cached.ok());
    ASSERT_TRUE(direct.ok());
    EXPECT_EQ(cached->timeZone, "Europe/Amsterdam");
    EXPECT_EQ(cached->timeZone, direct->timeZone);
    EXPECT_EQ(cached->workHoursOnly, direct->workHoursOnly);
    EXPECT_EQ(cached->weekendAlerts, direct->weekendAlerts);
    EXPECT_EQ(cached->vips, direct->vips);
    EXPECT_EQ(cached->workHours.days, direct->workHours.days);
  }
  EXPECT_EQ(cache.size(), 1u);  // one text, parsed once
  const enp::Result<rules::Policy> tokyo = cache.load(kTokyo);
  ASSERT_TRUE(tokyo.ok());
  EXPECT_EQ(tokyo->timeZone, "Asia/Tokyo");
  EXPECT_TRUE(tokyo->weekendAlerts);
  EXPECT_EQ(cache.size(), 2u);
}

TEST(PolicyCache, ABadTextStaysBad) {
  enp::PolicyCache cache(testZones());
  for (const std::string text : {"not json", R"({"timeZone":"Mars/Olympus"})", "[1,2]"}) {
    for (int round = 0; round < 2; ++round) {
      const enp::Result<rules::Policy> cached = cache.load(text);
      ASSERT_FALSE(cached.ok()) << text;
      EXPECT_EQ(cached.error().code(), enp::StatusCode::kInvalid);
      EXPECT_EQ(cached.error().message(), enp::loadPolicy(text, testZones()).error().message());
    }
  }
}

TEST(PolicyCache, HoldsNoMoreThanItsCapacity) {
  enp::PolicyCache cache(testZones(), 3);
  for (int i = 0; i < 10; ++i) {
    const std::string text =
        R"({"timeZone":"UTC","vips":["user)" + std::to_string(i) + R"(@contoso.com"]})";
    const enp::Result<rules::Policy> policy = cache.load(text);
    ASSERT_TRUE(policy.ok());
    EXPECT_EQ(policy->vips.at(0), "user" + std::to_string(i) + "@contoso.com");
    EXPECT_LE(cache.size(), 3u);
  }
}

}  // namespace
}  // namespace rules_test
