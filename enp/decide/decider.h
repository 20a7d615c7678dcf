#pragma once

#include <chrono>
#include <string>

#include "enp/common/status.h"
#include "rules/decision.h"
#include "rules/policy.h"
#include "rules/zones.h"

namespace enp {

/// A registration's stored policy (the normalised JSON of its registration body), parsed and
/// validated with policyFromJson. A corrupt document (not JSON, not an object, a field that no
/// longer validates) is kInvalid naming what is wrong: the pipeline then drops the mail with
/// rule "bad-policy" and records why, instead of retrying it as an internal error. Never throws.
Result<rules::Policy> loadPolicy(const std::string& policyJson, const rules::ZoneDb& zones);

/// The user's rules applied to one mail at `at` (the instant Exchange saw it arrive).
rules::Decision decideMail(const rules::Policy& policy, const rules::MailMeta& mail,
                           std::chrono::system_clock::time_point at, const rules::ZoneDb& zones);

}  // namespace enp
