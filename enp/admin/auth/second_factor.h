#pragma once

#include <string>

#include "enp/common/status.h"
#include "enp/store/admin_user_store.h"

namespace enp::admin {

/// The optional TOTP second factor of console users (totp.h): the secret is kept sealed
/// (sealed_text.h, bound to the user's name) and a code is accepted once only. Thread-safe.
class SecondFactor {
 public:
  /// `sealKey`: 32 bytes (DataKey::derive("console-totp")).
  SecondFactor(AdminUserStore& users, std::string sealKey)
      : users_(users), sealKey_(std::move(sealKey)) {}

  /// Starts an enrolment with a new secret (replacing one being set up) and returns the raw
  /// secret, to be shown once; login does not ask for a code until confirm().
  Result<std::string> begin(const std::string& user, int64_t nowMs);
  /// Turns the second factor on when `code` is the current code of the secret being set up;
  /// kInvalid "code: ..." when not, kNotFound when no enrolment was begun.
  Status confirm(const std::string& user, const std::string& code, int64_t nowMs);
  /// OK when `code` is a current code of the user's secret not used before; kInvalid "code: ..."
  /// when it is wrong or used already; kInternal when the secret cannot be opened.
  Status verify(const AdminUser& user, const std::string& code, int64_t nowMs);

 private:
  Result<std::string> secretOf(const AdminUser& user);

  AdminUserStore& users_;
  const std::string sealKey_;
};

}  // namespace enp::admin
