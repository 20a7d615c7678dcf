#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/admin_role.h"
#include "enp/store/database.h"

namespace enp {

/// A console user. The password is kept only as a KDF hash (enp/admin/auth/password.h), the
/// TOTP secret only sealed (enp/common/sealed_text.h).
struct AdminUser {
  int64_t id = 0;
  std::string name;
  std::string passwordHash;
  bool mustChange = false;  ///< Set for a generated password: the console forces a change.
  int64_t createdAt = 0;
  int64_t updatedAt = 0;
  AdminRole role = AdminRole::kAdmin;
  bool disabled = false;     ///< Cannot log in.
  std::string totpSealed;    ///< "" = no second factor; set while enrolling too.
  bool totpEnabled = false;  ///< The enrolment was confirmed: login asks for a code.
  int64_t totpLastStep = 0;  ///< The time step of the last accepted code (never accepted again).
};

/// All SQL about console users (table admin_users). Thread-safe. Database failures are kStore
/// (the database's exceptions never leave this class). The changes that could leave no enabled
/// admin (role, disable, remove) are refused with kConflict, checked in the same statement as the
/// change so two concurrent changes cannot both pass.
class AdminUserStore {
 public:
  explicit AdminUserStore(Database& db) : db_(db) {}

  /// How many users there are.
  Result<int64_t> count();
  /// The user; kNotFound when there is none of this name.
  Result<AdminUser> find(const std::string& name);
  /// All users, by name.
  Result<std::vector<AdminUser>> list();

  /// Creates the user, or replaces the password (and must_change) of an existing one (whose
  /// role is kept; a new one is an admin).
  Status upsert(const std::string& name, const std::string& passwordHash, bool mustChange,
                int64_t nowMs);
  /// A new user; kConflict when the name is taken.
  Status create(const std::string& name, const std::string& passwordHash, AdminRole role,
                bool mustChange, int64_t nowMs);
  /// kNotFound for an unknown user, kConflict when it would leave no enabled admin.
  Status setRole(const std::string& name, AdminRole role, int64_t nowMs);
  Status setDisabled(const std::string& name, bool disabled, int64_t nowMs);
  Status remove(const std::string& name);

  /// Starts an enrolment: the sealed secret is kept, the second factor not yet asked for.
  Status setTotpPending(const std::string& name, const std::string& sealedSecret, int64_t nowMs);
  /// Confirms the enrolment (login asks for a code from now on), with `step` used up.
  Status enableTotp(const std::string& name, int64_t step, int64_t nowMs);
  /// Removes the second factor (and a pending enrolment).
  Status clearTotp(const std::string& name, int64_t nowMs);
  /// Records `step` as used when it is later than the last one used: true when it was, false
  /// when that code (or a later one) was used already.
  Result<bool> useTotpStep(const std::string& name, int64_t step);

 private:
  Database& db_;
};

}  // namespace enp
