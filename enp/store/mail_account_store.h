#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/database.h"
#include "enp/store/sql/connection.h"

namespace enp {

/// The IMAP or POP3 account of a registration (registration body "account"), without its
/// password.
struct MailAccount {
  std::string registrationId;
  std::string server;  ///< A mailServers[] name of the settings.
  std::string username;
  std::string folder = "INBOX";
  int64_t createdAt = 0;
  int64_t passwordChangedAt = 0;
  /// When the server last refused the password (0 = not since it was set), and its words.
  int64_t authFailedAt = 0;
  std::string authFailedDetail;
};

/// An account of an active registration with what a watcher needs to log in.
struct WatchedAccount {
  MailAccount account;
  std::string mailbox;   ///< The registration's address.
  std::string password;  ///< Secret, unsealed: never log it. Empty when !credentials.ok().
  /// kInvalid when the stored password does not unseal (the database was restored without its
  /// key file, or the row was changed): the account cannot log in until its password is set
  /// again.
  Status credentials;
};

/// All SQL about mail accounts. Passwords are stored sealed (enp/common/sealed_text.h) under
/// `credentialsKey` (DataKey::derive("credentials")) with "registration:<id>:password" as the
/// context, so a sealed value moved to another row does not open; nothing here returns a
/// password but listActive(). Thread-safe; a database failure is kStore.
class MailAccountStore {
 public:
  MailAccountStore(Database& db, std::string credentialsKey)
      : db_(db), key_(std::move(credentialsKey)) {}

  /// The write of a new registration's account, for RegistrationStore::create(), so that the
  /// registration and its account are committed together (or neither). Throws the database's
  /// exceptions from inside that transaction.
  std::function<void(sql::Connection&)> inserting(const MailAccount& account,
                                                  const std::string& password, int64_t nowMs) const;

  /// Replaces the user name, folder and password of id's account; kNotFound when the
  /// registration has no account.
  Status change(const MailAccount& account, const std::string& password, int64_t nowMs);

  /// id's account; kNotFound when the registration has none.
  Result<MailAccount> find(const std::string& registrationId);
  /// id's password, unsealed (a PUT that keeps it verifies the login again with it); kNotFound
  /// without an account, kInvalid when it does not unseal.
  Result<std::string> password(const std::string& registrationId);

  /// Remembers that the server refused id's password at `atMs` (`detail`: its words, no
  /// secret), so that a restart does not try it again at once; a password change forgets it.
  Status markAuthFailed(const std::string& registrationId, int64_t atMs, const std::string& detail);
  /// Forgets it (the account logged in again).
  Status clearAuthFailed(const std::string& registrationId);

  /// The accounts of registrations not revoked, oldest first, passwords unsealed: what a
  /// watcher connects with.
  Result<std::vector<WatchedAccount>> listActive();

 private:
  static std::string context(const std::string& registrationId) {
    return "registration:" + registrationId + ":password";
  }

  Database& db_;
  const std::string key_;  // secret
};

}  // namespace enp
