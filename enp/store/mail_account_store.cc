#include "enp/store/mail_account_store.h"

#include "enp/common/sealed_text.h"
#include "enp/store/sql/statement.h"

namespace enp {

std::function<void(sql::Connection&)> MailAccountStore::inserting(const MailAccount& account,
                                                                  const std::string& password,
                                                                  int64_t nowMs) const {
  std::string sealed = seal(key_, password, context(account.registrationId));
  return [account, sealed = std::move(sealed), nowMs](sql::Connection& db) {
    sql::Statement q(db,
                     "INSERT INTO mail_accounts(registration_id, server, username, folder, "
                     "password_sealed, created_at, password_changed_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, account.registrationId);
    q.bind(2, account.server);
    q.bind(3, account.username);
    q.bind(4, account.folder);
    q.bind(5, sealed);
    q.bind(6, nowMs);
    q.bind(7, nowMs);
    q.exec();
  };
}

Status MailAccountStore::change(const MailAccount& account, const std::string& password,
                                int64_t nowMs) try {
  const std::string sealed = seal(key_, password, context(account.registrationId));
  auto g = db_.writer();
  sql::Statement q(g.db,
                   "UPDATE mail_accounts SET username = ?, folder = ?, password_sealed = ?, "
                   "password_changed_at = ?, auth_failed_at = 0, auth_failed_detail = '' "
                   "WHERE registration_id = ?");
  q.bind(1, account.username);
  q.bind(2, account.folder);
  q.bind(3, sealed);
  q.bind(4, nowMs);
  q.bind(5, account.registrationId);
  if (q.exec() != 1) {
    return Status::notFound("registration " + account.registrationId + " has no mail account");
  }
  return Status();
} catch (const std::exception& e) {
  return Status::store("storing the mail account of " + account.registrationId + ": " + e.what());
}

Status MailAccountStore::markAuthFailed(const std::string& registrationId, int64_t atMs,
                                        const std::string& detail) try {
  auto g = db_.writer();
  sql::Statement q(g.db,
                   "UPDATE mail_accounts SET auth_failed_at = ?, auth_failed_detail = ? "
                   "WHERE registration_id = ?");
  q.bind(1, atMs);
  q.bind(2, detail);
  q.bind(3, registrationId);
  q.exec();  // none: the registration was removed meanwhile
  return Status();
} catch (const std::exception& e) {
  return Status::store("storing the refused login of " + registrationId + ": " + e.what());
}

Status MailAccountStore::clearAuthFailed(const std::string& registrationId) {
  return markAuthFailed(registrationId, 0, "");
}

Result<MailAccount> MailAccountStore::find(const std::string& registrationId) try {
  // Asked for every batch the pipeline runs (which source serves it): a cached statement.
  auto g = db_.reader();
  sql::Statement& q = db_.cachedRead(
      "SELECT server, username, folder, created_at, password_changed_at "
      "FROM mail_accounts WHERE registration_id = ?");
  q.bind(1, registrationId);
  if (!q.executeStep()) {
    q.reset();  // ends the read transaction
    return Status::notFound("registration " + registrationId + " has no mail account");
  }
  MailAccount a;
  a.registrationId = registrationId;
  a.server = q.getColumn(0).getString();
  a.username = q.getColumn(1).getString();
  a.folder = q.getColumn(2).getString();
  a.createdAt = q.getColumn(3).getInt64();
  a.passwordChangedAt = q.getColumn(4).getInt64();
  q.reset();
  return a;
} catch (const std::exception& e) {
  return Status::store("reading the mail account of " + registrationId + ": " + e.what());
}

Result<std::string> MailAccountStore::password(const std::string& registrationId) try {
  std::string sealed;
  {
    auto g = db_.reader();
    sql::Statement q(g.db, "SELECT password_sealed FROM mail_accounts WHERE registration_id = ?");
    q.bind(1, registrationId);
    if (!q.executeStep()) {
      return Status::notFound("registration " + registrationId + " has no mail account");
    }
    sealed = q.getColumn(0).getString();
  }
  return unseal(key_, sealed, context(registrationId));
} catch (const std::exception& e) {
  return Status::store("reading the mail account of " + registrationId + ": " + e.what());
}

Result<std::vector<WatchedAccount>> MailAccountStore::listActive() try {
  std::vector<std::pair<WatchedAccount, std::string>> rows;  // with the sealed password
  {
    auto g = db_.reader();
    sql::Statement q(g.db,
                     "SELECT a.registration_id, a.server, a.username, a.folder, a.created_at, "
                     "a.password_changed_at, r.mailbox, a.password_sealed, "
                     "a.auth_failed_at, a.auth_failed_detail "
                     "FROM mail_accounts a JOIN registrations r ON r.id = a.registration_id "
                     "WHERE r.revoked_at IS NULL ORDER BY a.created_at, a.registration_id");
    while (q.executeStep()) {
      WatchedAccount w;
      w.account.registrationId = q.getColumn(0).getString();
      w.account.server = q.getColumn(1).getString();
      w.account.username = q.getColumn(2).getString();
      w.account.folder = q.getColumn(3).getString();
      w.account.createdAt = q.getColumn(4).getInt64();
      w.account.passwordChangedAt = q.getColumn(5).getInt64();
      w.mailbox = q.getColumn(6).getString();
      w.account.authFailedAt = q.getColumn(8).getInt64();
      w.account.authFailedDetail = q.getColumn(9).getString();
      rows.emplace_back(std::move(w), q.getColumn(7).getString());
    }
  }
  // Unsealed outside the reader's lock.
  std::vector<WatchedAccount> out;
  out.reserve(rows.size());
  for (auto& [w, sealed] : rows) {
    Result<std::string> password = unseal(key_, sealed, context(w.account.registrationId));
    if (password.ok()) {
      w.password = std::move(*password);
    } else {
      w.credentials = Status::invalid(
          "the stored password does not open with this data key (a database restored without "
          "its enp.key?): set the password again");
    }
    out.push_back(std::move(w));
  }
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("listing mail accounts: ") + e.what());
}

}  // namespace enp
