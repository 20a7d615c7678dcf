#include "enp/store/pop3_seen_store.h"

#include "enp/store/sql/statement.h"

namespace enp {

Result<std::optional<std::set<std::string>>> Pop3SeenStore::find(
    const std::string& registrationId) try {
  auto g = db_.reader();
  sql::Statement known(g.db, "SELECT 1 FROM pop3_mailboxes WHERE registration_id = ?");
  known.bind(1, registrationId);
  if (!known.executeStep()) {
    return std::optional<std::set<std::string>>();
  }
  sql::Statement q(g.db, "SELECT uidl FROM pop3_uidls WHERE registration_id = ?");
  q.bind(1, registrationId);
  std::set<std::string> uidls;
  while (q.executeStep()) {
    uidls.insert(q.getColumn(0).getString());
  }
  return std::optional<std::set<std::string>>(std::move(uidls));
} catch (const std::exception& e) {
  return Status::store("reading the POP3 messages seen of " + registrationId + ": " + e.what());
}

Status Pop3SeenStore::save(const std::string& registrationId, const std::set<std::string>& uidls,
                           int64_t nowMs) {
  return db_.write([&](sql::Connection& db) {
    sql::Statement mailbox(db,
                           "INSERT INTO pop3_mailboxes(registration_id, polled_at) SELECT ?, ? "
                           "WHERE EXISTS (SELECT 1 FROM registrations WHERE id = ?) "
                           "ON CONFLICT(registration_id) DO UPDATE SET polled_at = "
                           "excluded.polled_at");
    mailbox.bind(1, registrationId);
    mailbox.bind(2, nowMs);
    mailbox.bind(3, registrationId);
    if (mailbox.exec() == 0) {
      return;  // the registration is gone
    }
    sql::Statement clear(db, "DELETE FROM pop3_uidls WHERE registration_id = ?");
    clear.bind(1, registrationId);
    clear.exec();
    sql::Statement add(db, "INSERT INTO pop3_uidls(registration_id, uidl) VALUES (?, ?)");
    for (const std::string& uidl : uidls) {
      add.bind(1, registrationId);
      add.bind(2, uidl);
      add.exec();
      add.reset();
    }
  });
}

}  // namespace enp
