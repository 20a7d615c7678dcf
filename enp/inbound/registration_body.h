#pragma once

#include <Poco/JSON/Object.h>

#include <string>

#include "rules/policy.h"
#include "rules/zones.h"

namespace enp {

/// A registration request body (DESIGN §4.3), validated.
struct RegistrationBody {
  std::string mailbox;  ///< Lower-case SMTP address.
  std::string deviceToken;
  std::string platform;  ///< "ios" | "android"
  rules::Policy policy;
  std::string policyJson;  ///< The normalised policy as stored.
};

/// Parses and validates; *error names the field ("timeZone: unknown zone 'Mars/Base'").
/// `defaultsJson` (settings policy.registrationDefaults, a JSON object) supplies the policy
/// fields the body leaves out (absent or null); the built-in defaults apply after it.
bool parseRegistrationBody(const std::string& text, const rules::ZoneDb& zones,
                           RegistrationBody* out, std::string* error,
                           const std::string& defaultsJson = "{}");

/// A plausible SMTP address: local@domain, no spaces or control characters, <= 254 chars.
bool isMailboxAddress(const std::string& s);

}  // namespace enp
