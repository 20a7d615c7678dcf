#pragma once

#include <optional>
#include <string_view>

namespace enp {

/// What a console user or an API token may do (DESIGN §4.4). Ordered: each role may do all
/// that the roles before it may.
///   kHelpdesk  registrations and their decision traces ("why wasn't I notified?")
///   kOperator  reads everything (settings without secrets, logs, audit, alerts), retries and
///              requeues; changes no settings and sees no secret
///   kAdmin     everything, users and API tokens included
enum class AdminRole { kHelpdesk = 0, kOperator = 1, kAdmin = 2 };

/// "helpdesk", "operator", "admin": as stored and as the API names them.
const char* roleName(AdminRole role);
/// The role of this name; nullopt for any other text.
std::optional<AdminRole> parseRole(std::string_view name);
/// True when `have` may use what needs `need`.
inline bool roleAllows(AdminRole have, AdminRole need) {
  return static_cast<int>(have) >= static_cast<int>(need);
}

}  // namespace enp
