#pragma once

#include <chrono>
#include <string>

#include "rules/decision.h"
#include "rules/policy.h"
#include "rules/zones.h"

namespace rules {

/// DESIGN §5.2: pure; the instant is an argument. An unknown zone in the policy is treated as
/// UTC and said so in the reason (policies are validated at registration).
Decision decide(const Policy& policy, const MailMeta& mail,
                std::chrono::system_clock::time_point at, const ZoneDb& zones);

/// True when address matches an entry of vips (case-insensitive; "@domain" entries match the
/// domain).
bool isVip(const Policy& policy, const std::string& address);

}  // namespace rules
