#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "enp/common/status.h"
#include "enp/store/pg/pg_connection.h"
#include "enp/store/sql/connection.h"

namespace enp {

/// The database and its two connections: one writer and one reader, each used under its own
/// mutex, so reads (token look-ups) are not held up by a commit's fsync. SQLite (one file, WAL,
/// synchronous=FULL: a committed transaction survives power loss) or PostgreSQL (shared by
/// several nodes; a commit is as durable as the server's synchronous_commit makes it).
class Database {
 public:
  /// Opens (creating if needed) the SQLite file and runs pending migrations: the database
  /// (never null), or kStore "<path>: <reason>" (unwritable directory, corrupt file, a schema
  /// newer than this binary).
  static Result<std::unique_ptr<Database>> open(const std::string& path);

  /// Connects to PostgreSQL (`url` and `password` as pg::PgConnection::open takes them) and runs
  /// pending migrations, one node at a time (under an advisory lock). kInvalid for a URL or
  /// login that is refused, kUnavailable when the server cannot be reached, kStore else.
  static Result<std::unique_ptr<Database>> openPostgres(const std::string& url,
                                                        const std::string& password);

  sql::Dialect dialect() const { return writer_->dialect(); }

  /// A connection with exclusive use while the guard lives.
  template <typename M>
  struct Guard {
    std::unique_lock<std::mutex> lock;
    sql::Connection& db;
  };
  Guard<std::mutex> writer() { return {std::unique_lock<std::mutex>(writerMutex_), *writer_}; }
  Guard<std::mutex> reader() { return {std::unique_lock<std::mutex>(readerMutex_), *reader_}; }

  /// Runs `work` in a write transaction shared with every concurrent caller (group commit: one
  /// fsync for all of them) and returns after the commit: OK when `work` ran without throwing
  /// and the commit succeeded, else kStore with the reason (what `work` threw, or why the
  /// transaction failed). A throwing `work` is rolled back alone (savepoint); the others
  /// commit. `work` runs on whichever caller's thread leads the commit: it must only touch the
  /// connection it is given. Use cached() there for statements run often.
  Status write(const std::function<void(sql::Connection&)>& work);

  /// write() without waiting: `work` joins the next group commit and `done` is called with its
  /// outcome once that commit is over (durable, or failed), on the thread that led the commit
  /// (a thread of this database's own when no caller of write() leads). So a caller with many
  /// writes in progress, an event loop, blocks no thread per write. `done` must be quick (post
  /// the rest elsewhere) and must not call write(). Never throws.
  /// How a write's `work` may be run. kOnce: in a savepoint of its own. kRepeatable: running it
  /// again after a rollback of what it did has the same effect (it changes nothing but the
  /// database, or the same way each time); the repeatable writes next to one another in a group
  /// then share one savepoint, and are run again, each in its own, only when one of them fails.
  /// The outcome is the same either way; kRepeatable spares two statements per write (on
  /// PostgreSQL, two round trips).
  enum class Work { kOnce, kRepeatable };
  void writeAsync(std::function<void(sql::Connection&)> work, std::function<void(Status)> done,
                  Work kind = Work::kOnce);
  /// Returns once every writeAsync() called before has been answered (its `done` returned):
  /// for the owners of what those answers touch, before they go.
  void awaitAsyncWrites();

  ~Database();

  /// A prepared statement of the writer connection, reset and unbound, for use inside write().
  /// `sql` must be a string literal (cached by its address).
  sql::Statement& cached(const char* sql);

  /// A prepared statement of the reader connection, reset and unbound. The caller holds
  /// reader() for as long as it uses it. `sql` must be a string literal (cached by address).
  sql::Statement& cachedRead(const char* sql);

  /// Group commits so far (for metrics).
  uint64_t commitCount() const { return commits_.load(); }

  /// The schema version after migrations.
  int schemaVersion() const { return schemaVersion_; }
  /// The SQLite file; "" on PostgreSQL.
  const std::string& path() const { return path_; }
  /// Where the data is, for logs and the console: the file, or PostgreSQL's URL (which holds
  /// no password).
  const std::string& where() const { return path_.empty() ? url_ : path_; }

  /// PostgreSQL: a new session of its own on the same database (LISTEN needs one that waits
  /// for notifications, apart from the stores' statements). kInvalid on SQLite; errors as
  /// pg::PgConnection::open gives them.
  Result<pg::PgConnection> openSession() const;

  /// The space the data takes: the SQLite file and its WAL, or PostgreSQL's database size.
  Result<int64_t> sizeBytes();

  /// OK when a write transaction commits, else kStore with SQLite's reason (for /readyz and the
  /// watchdog).
  Status writable();

  /// A consistent copy of the whole database in a new file at `target` (mode 0600), taken with
  /// SQLite's online backup API on a connection of its own: writers go on meanwhile, the copy is
  /// the state of one moment. kStore with SQLite's reason when it cannot be made; kInvalid on
  /// PostgreSQL (whose own tools, pg_dump or a base backup, do that).
  Status backupTo(const std::string& target);

  /// Checks a database file without changing it (a backup before it is restored): SQLite's
  /// integrity check passes and its schema is one this binary knows. Its schema version, or
  /// kInvalid saying what is wrong (not a database, damaged, from a newer ENP).
  static Result<int> verifyFile(const std::string& path);

 private:
  Database(std::string path, std::unique_ptr<sql::Connection> w, std::unique_ptr<sql::Connection> r,
           int version);

  const std::string path_;
  std::string url_;       ///< PostgreSQL's.
  std::string password_;  ///< PostgreSQL's, for openSession(); never shown.
  std::mutex writerMutex_;
  std::unique_ptr<sql::Connection> writer_;  // GUARDED_BY(writerMutex_)
  std::mutex readerMutex_;
  std::unique_ptr<sql::Connection> reader_;  // GUARDED_BY(readerMutex_)
  const int schemaVersion_;

  // Group commit. A caller's slot lives on its stack; the leader fills in the outcome and wakes
  // it under the slot's own mutex, so waking one caller never contends with the others.
  struct Slot {
    enum class State { kWaiting, kDone, kLead };
    const std::function<void(sql::Connection&)>* work = nullptr;
    // writeAsync(): the slot is on the heap and owns its work; `done` is called, then the slot
    // deleted, by the leader.
    std::function<void(sql::Connection&)> ownedWork;
    std::function<void(Status)> done;
    uint64_t number = 0;  // writeAsync()'s, in call order
    bool repeatable = false;
    std::string error;
    bool ok = false;
    std::mutex mutex;
    std::condition_variable cv;
    State state = State::kWaiting;  // GUARDED_BY(mutex)
  };
  void lead(Slot* self);
  void commitGroup(const std::vector<Slot*>& group);
  // Runs each of group[begin, end) in a savepoint of its own, on the writer `db`.
  void runEachAlone(sql::Connection& db, const std::vector<Slot*>& group, size_t begin, size_t end);
  // Runs the repeatable group[begin, end) in one savepoint; each alone when one fails.
  void runRepeatable(sql::Connection& db, const std::vector<Slot*>& group, size_t begin,
                     size_t end);
  // Hands the lead to `next`: a waiting write() caller, or the committer for a writeAsync().
  void handLead(Slot* next);
  void committerLoop();
  std::mutex groupMutex_;
  std::vector<Slot*> pending_;  // GUARDED_BY(groupMutex_)
  bool committing_ = false;     // GUARDED_BY(groupMutex_): a leader exists
  // writeAsync() calls numbered in their order, and those not answered yet.
  uint64_t asyncIssued_ = 0;            // GUARDED_BY(groupMutex_)
  std::set<uint64_t> asyncUnanswered_;  // GUARDED_BY(groupMutex_)
  std::condition_variable asyncAnsweredCv_;
  std::map<const char*, std::unique_ptr<sql::Statement>> statements_;  // writer's, leader only
  std::map<const char*, std::unique_ptr<sql::Statement>>
      readStatements_;  // GUARDED_BY(readerMutex_)
  std::atomic<uint64_t> commits_{0};

  // The committers lead the groups that only writeAsync() callers wait for. Two: while one
  // answers a group's callers, the other commits the next group. Started with the database,
  // so that they run at the nice value of the thread that opens it (a thread cannot lower
  // its own without privileges), not at that of the first caller.
  std::mutex committerMutex_;
  std::condition_variable committerCv_;
  bool committerLeads_ = false;  // GUARDED_BY(committerMutex_)
  bool committerStops_ = false;  // GUARDED_BY(committerMutex_)
  std::vector<std::thread> committers_;
};

/// Applies the numbered migrations above the database's version (see migrations.cc), on
/// PostgreSQL under an advisory lock (nodes starting together apply each once); returns the
/// new version. Throws sql::Error.
int migrate(sql::Connection& db);

/// The newest migration this binary knows.
int latestSchemaVersion();

}  // namespace enp
