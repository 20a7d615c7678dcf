#pragma once

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <optional>
#include <string>

#include "enp/common/status.h"
#include "enp/store/registration_store.h"
#include "rules/policy.h"
#include "rules/zones.h"

namespace enp {

/// Limits of a registration body besides those of its policy fields (kMaxVips etc. in
/// enp/decide/policy_json.h); the README's registration API section lists them all.
inline constexpr size_t kMaxMailboxLength = 254;
inline constexpr size_t kMaxDeviceTokenLength = 4096;
inline constexpr size_t kMaxAccountUsernameLength = 320;
inline constexpr size_t kMaxAccountPasswordLength = 1024;
inline constexpr size_t kMaxAccountFolderLength = 255;

/// "account": an IMAP or POP3 mailbox ENP watches itself, on a configured mail server.
struct AccountBody {
  std::string server;  ///< A mailServers[] name (checked against the settings later).
  std::string username;
  std::string password;  ///< Secret; "" when left out (PUT keeps the stored one).
  std::string folder = "INBOX";
};

/// A registration request body (DESIGN §4.3), validated.
struct RegistrationBody {
  std::string mailbox;  ///< Lower-case SMTP address.
  std::string deviceToken;
  std::string platform;  ///< "ios" | "android"
  rules::Policy policy;
  std::string policyJson;  ///< The normalised policy as stored.
  /// "workHoursFrom": "registration" (default) or "mailbox": the mailbox's own working hours
  /// and time zone in Exchange, with the body's (or the defaults') as the fallback.
  WorkHoursFrom workHoursFrom = WorkHoursFrom::kRegistration;
  std::optional<AccountBody> account;
};

/// Parses and validates; a problem is kInvalid naming the field ("timeZone: unknown zone
/// 'Mars/Base'"). A field the body does not define is an error; lists and strings over their
/// limits are refused. `defaultsJson` (settings policy.registrationDefaults, a JSON object)
/// supplies the policy fields the body leaves out (absent or null); the built-in defaults apply
/// after it.
Result<RegistrationBody> parseRegistrationBody(const std::string& text, const rules::ZoneDb& zones,
                                               const std::string& defaultsJson = "{}");

/// A plausible SMTP address: local@domain, no spaces or control characters, <= 254 chars.
bool isMailboxAddress(const std::string& s);

}  // namespace enp
