#pragma once

#include <cstdint>
#include <string>

#include "enp/common/status.h"
#include "enp/store/admin_user_store.h"
#include "enp/store/audit_store.h"

namespace enp::admin {

inline constexpr const char* kInitialAdminUser = "admin";
inline constexpr const char* kInitialPasswordFile = "initial-admin-password";

/// First start: when no console user exists, creates "admin" with a random password (that must
/// be changed at first login) and writes the password to <dataDir>/initial-admin-password
/// (mode 0600). Returns the file's path when it created the user, "" when users existed;
/// kInvalid "<path>: cannot write" when the file could not be written, kStore when the users
/// cannot be read or written, kInternal when the password cannot be hashed. The password itself
/// is never logged.
Result<std::string> ensureInitialAdmin(AdminUserStore& users, AuditStore& audit,
                                       const std::string& dataDir, int64_t nowMs);

/// Removes <dataDir>/initial-admin-password (once the generated password was replaced).
void removeInitialPasswordFile(const std::string& dataDir);

}  // namespace enp::admin
