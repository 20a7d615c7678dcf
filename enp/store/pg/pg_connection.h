#pragma once

// One connection to PostgreSQL through libpq, blocking, for one thread at a time. Statements
// take text parameters ($1..$n, std::nullopt for NULL) and never splice values into SQL.
//
//   Result<PgConnection> c =
//       PgConnection::open("postgresql://enp@db.example/enp?sslmode=verify-full", password);
//   Result<PgResult> r = c->exec("SELECT id FROM events WHERE state = $1", {"queued"});
//
// The password is never part of the URL (open() refuses one there): it comes as its own
// argument (read by the caller from a file), or from libpq's PGPASSWORD or passfile (~/.pgpass,
// `passfile=` in the URL). It appears in no error message.
//
// The socket (socket()) is for an event loop to wait on: readable means notifications (or the
// end of the connection) for pollNotifications().

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/pg/pg_notification.h"
#include "enp/store/pg/pg_result.h"

struct pg_conn;

namespace enp::pg {

/// A statement parameter as text; std::nullopt is SQL NULL.
using PgParam = std::optional<std::string>;

class PgConnection {
 public:
  /// Connects to `url` (a libpq URI or key=value string; sslmode, sslrootcert, passfile,
  /// connect_timeout ... as libpq reads them; connect_timeout 10 s unless given) with
  /// `password` ("" for none: then PGPASSWORD or the passfile, if any). The session uses UTF-8,
  /// and UTC unless the URL sets libpq's `options`. kInvalid for a URL that cannot be read, holds a
  /// password, or a login the server refuses; kUnavailable when the server cannot be reached.
  static Result<PgConnection> open(const std::string& url, const std::string& password = "");

  PgConnection(PgConnection&&) noexcept = default;
  PgConnection& operator=(PgConnection&&) noexcept = default;
  ~PgConnection();

  /// Runs one statement with `params` for $1..$n. kConflict for a unique or exclusion
  /// violation, kUnavailable for a lost connection, a deadlock or a serialization failure,
  /// kStore for the rest; the message holds PostgreSQL's SQLSTATE.
  Result<PgResult> exec(const std::string& sql, const std::vector<PgParam>& params = {});

  /// Runs `script`: one or more statements without parameters (libpq's simple protocol), as
  /// one implicit transaction unless it says BEGIN/COMMIT itself.
  Status execScript(const std::string& script);

  /// False once the connection to the server is lost (a new one must be opened).
  bool connected() const;
  /// True when no transaction is open on the connection (what a statement runs in by itself).
  bool idle() const;

  /// BEGIN, COMMIT, ROLLBACK (PgTransaction does them in RAII form).
  Status begin();
  Status commit();
  Status rollback();

  /// pg_try_advisory_lock(key): true when this session now holds the lock (session-level: held
  /// until advisoryUnlock() or the connection ends, also when a node dies).
  Result<bool> tryAdvisoryLock(int64_t key);
  /// pg_advisory_lock(key): waits until it holds the lock.
  Status advisoryLock(int64_t key);
  /// pg_advisory_unlock(key); kInternal when this session did not hold it.
  Status advisoryUnlock(int64_t key);

  /// LISTEN / UNLISTEN `channel` (an identifier; quoted here, so any text works).
  Status listen(const std::string& channel);
  Status unlisten(const std::string& channel);
  /// pg_notify(channel, payload): delivered to the listeners when this transaction commits
  /// (at once outside a transaction). Payloads up to 8000 bytes.
  Status notify(const std::string& channel, const std::string& payload);
  /// Reads what arrived on the socket without waiting and returns the notifications received
  /// since the last call (also those that arrived during exec()). kUnavailable when the
  /// connection is gone.
  Result<std::vector<PgNotification>> pollNotifications();
  /// The connection's socket, to wait on for readability; -1 when there is none.
  int socket() const;

  /// The server's process id for this session (a notification's `pid` names its sender).
  int backendPid() const;

 private:
  struct Deleter {
    void operator()(pg_conn* c) const;
  };
  explicit PgConnection(pg_conn* connection);
  Status execCommand(const std::string& sql, const std::vector<PgParam>& params = {});

  std::unique_ptr<pg_conn, Deleter> conn_;
};

}  // namespace enp::pg
