#include "enp/store/database.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "enp/store/pg/pg_sql_connection.h"
#include "enp/store/sql/connection.h"
#include "enp/store/sql/sql_error.h"
#include "enp/store/sql/sqlite_connection.h"
#include "enp/store/sql/statement.h"
#include "enp/store/sql/wal_buffered_vfs.h"

namespace enp {
namespace {

void configure(SQLite::Database& db) {
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  db.exec("PRAGMA foreign_keys=ON");
  // A write's savepoint keeps the pages it changes in a statement journal, which SQLite writes
  // to an unnamed file in the temporary directory past 64 KiB: a file created, written, read
  // and removed for most group commits (a fifth of the instant case's system calls), and page
  // images of the store outside its file. In memory they cost neither; they last one commit.
  db.exec("PRAGMA temp_store=MEMORY");
  db.setBusyTimeout(5000);
}

}  // namespace

Database::Database(std::string path, std::unique_ptr<sql::Connection> w,
                   std::unique_ptr<sql::Connection> r, int version)
    : path_(std::move(path)),
      writer_(std::move(w)),
      reader_(std::move(r)),
      schemaVersion_(version) {
  for (int i = 0; i < 2; ++i) {
    committers_.emplace_back([this] { committerLoop(); });
  }
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path) {
  try {
    // The file holds secrets: readable by the service user only.
    mode_t old = ::umask(077);
    // synchronous=FULL (configure()) is what walBufferedVfs() needs.
    auto w = std::make_unique<SQLite::Database>(
        path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX, 0,
        sql::walBufferedVfs());
    ::umask(old);
    configure(*w);
    auto writer = std::make_unique<sql::SqliteConnection>(std::move(w));
    int version = migrate(*writer);
    auto r = std::make_unique<SQLite::Database>(
        path, SQLite::OPEN_READWRITE | SQLite::OPEN_FULLMUTEX, 0, sql::walBufferedVfs());
    configure(*r);
    return std::unique_ptr<Database>(new Database(
        path, std::move(writer), std::make_unique<sql::SqliteConnection>(std::move(r)), version));
  } catch (const std::exception& e) {
    return Status::store(path + ": " + e.what());
  }
}

Result<std::unique_ptr<Database>> Database::openPostgres(const std::string& url,
                                                         const std::string& password) {
  auto w = pg::PgSqlConnection::open(url, password);
  if (!w.ok()) {
    return w.error();
  }
  auto r = pg::PgSqlConnection::open(url, password);
  if (!r.ok()) {
    return r.error();
  }
  try {
    const int version = migrate(**w);
    auto db = std::unique_ptr<Database>(
        new Database("", std::move(w).value(), std::move(r).value(), version));
    db->url_ = url;
    db->password_ = password;
    return db;
  } catch (const sql::Error& e) {
    const std::string message = std::string("postgresql: ") + e.what();
    return e.code() == StatusCode::kUnavailable ? Status::unavailable(message)
                                                : Status::store(message);
  } catch (const std::exception& e) {
    return Status::store(std::string("postgresql: ") + e.what());
  }
}

Result<pg::PgConnection> Database::openSession() const {
  if (url_.empty()) {
    return Status::invalid("a session of its own is for PostgreSQL; this database is SQLite's");
  }
  return pg::PgConnection::open(url_, password_);
}

Status Database::backupTo(const std::string& target) {
  if (dialect() != sql::Dialect::kSqlite) {
    return Status::invalid(
        "the database is on PostgreSQL: back it up with its own tools (pg_dump or a base "
        "backup); enp backup copies an SQLite database");
  }
  try {
    SQLite::Database source(path_, SQLite::OPEN_READONLY | SQLite::OPEN_FULLMUTEX);
    source.setBusyTimeout(5000);
    // Created empty first, so that the copy is never readable by others, not even for a moment.
    const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      return Status::store("backup: " + target + ": " + std::strerror(errno));
    }
    ::close(fd);
    // One step copies every page under one read transaction: the state of one moment.
    source.backup(target.c_str(), SQLite::Database::Save);
    SQLite::Database copy(target, SQLite::OPEN_READWRITE);
    copy.exec("PRAGMA journal_mode=DELETE");  // one self-contained file, no -wal beside it
    return Status();
  } catch (const std::exception& e) {
    return Status::store("backup of " + path_ + ": " + e.what());
  }
}

Result<int> Database::verifyFile(const std::string& path) {
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    const std::string check = db.execAndGet("PRAGMA integrity_check").getString();
    if (check != "ok") {
      return Status::invalid("the database is damaged (" + check + ")");
    }
    const int version = db.execAndGet("SELECT MAX(version) FROM schema_migrations").getInt();
    if (version > latestSchemaVersion()) {
      return Status::invalid("the database is from a newer ENP (schema " + std::to_string(version) +
                             ", this one knows up to " + std::to_string(latestSchemaVersion()) +
                             ")");
    }
    return version;
  } catch (const std::exception& e) {
    return Status::invalid(std::string("not an ENP database: ") + e.what());
  }
}

Status Database::write(const std::function<void(sql::Connection&)>& work) {
  Slot slot;
  slot.work = &work;
  bool leader = false;
  {
    std::lock_guard<std::mutex> lock(groupMutex_);
    pending_.push_back(&slot);
    leader = !std::exchange(committing_, true);
  }
  // Leader/follower: whoever finds no leader commits everything pending; the others wait until
  // their changes are durable (or failed), or until the lead is handed to them.
  if (!leader) {
    std::unique_lock<std::mutex> lock(slot.mutex);
    slot.cv.wait(lock, [&slot] { return slot.state != Slot::State::kWaiting; });
    leader = slot.state == Slot::State::kLead;
  }
  if (leader) {
    lead(&slot);
  }
  if (!slot.ok) {
    return Status::store(slot.error);
  }
  return Status();
}

void Database::writeAsync(std::function<void(sql::Connection&)> work,
                          std::function<void(Status)> done, Work kind) {
  auto* slot = new Slot;
  slot->ownedWork = std::move(work);
  slot->work = &slot->ownedWork;
  slot->done = std::move(done);
  slot->repeatable = kind == Work::kRepeatable;
  bool lead = false;
  {
    std::lock_guard<std::mutex> lock(groupMutex_);
    slot->number = ++asyncIssued_;
    asyncUnanswered_.insert(slot->number);
    pending_.push_back(slot);
    lead = !std::exchange(committing_, true);
  }
  if (lead) {
    handLead(slot);
  }
}

void Database::awaitAsyncWrites() {
  std::unique_lock<std::mutex> lock(groupMutex_);
  const uint64_t last = asyncIssued_;
  asyncAnsweredCv_.wait(
      lock, [this, last] { return asyncUnanswered_.empty() || *asyncUnanswered_.begin() > last; });
}

Database::~Database() {
  {
    std::lock_guard<std::mutex> lock(committerMutex_);
    committerStops_ = true;
  }
  committerCv_.notify_all();
  for (std::thread& t : committers_) {
    t.join();
  }
}

void Database::committerLoop() {
  pthread_setname_np(pthread_self(), "enp-db-commit");  // for top -H, perf and the like
  std::unique_lock<std::mutex> lock(committerMutex_);
  for (;;) {
    // A lead handed over is taken before stopping: no writeAsync() is left without its answer.
    committerCv_.wait(lock, [this] { return committerLeads_ || committerStops_; });
    if (!committerLeads_) {
      return;
    }
    committerLeads_ = false;
    lock.unlock();
    lead(nullptr);
    lock.lock();
  }
}

void Database::handLead(Slot* next) {
  if (next->done) {
    {
      std::lock_guard<std::mutex> lock(committerMutex_);
      committerLeads_ = true;
    }
    committerCv_.notify_one();
    return;
  }
  std::lock_guard<std::mutex> lock(next->mutex);
  next->state = Slot::State::kLead;
  next->cv.notify_one();
}

void Database::lead(Slot* self) {
  std::vector<Slot*> group;
  {
    std::lock_guard<std::mutex> lock(groupMutex_);
    group.swap(pending_);  // holds self: it arrived after the previous leader's swap
  }
  commitGroup(group);
  Slot* next = nullptr;
  {
    std::lock_guard<std::mutex> lock(groupMutex_);
    if (pending_.empty()) {
      committing_ = false;
    } else {
      next = pending_.front();  // the oldest waiter; its writes gathered during this commit
    }
  }
  // The next commit starts first, then this group's callers are released. A slot may be
  // destroyed as soon as its owner sees the new state, so it is notified under its mutex.
  if (next != nullptr) {
    handLead(next);
  }
  std::vector<uint64_t> answered;
  for (Slot* s : group) {
    if (s == self) {
      continue;
    }
    if (s->done) {
      answered.push_back(s->number);
      std::unique_ptr<Slot> owned(s);
      try {
        s->done(s->ok ? Status() : Status::store(s->error));
      } catch (const std::exception&) {  // must not happen: the others are released all the same
      }
      continue;
    }
    std::lock_guard<std::mutex> lock(s->mutex);
    s->state = Slot::State::kDone;
    s->cv.notify_one();
  }
  if (!answered.empty()) {
    {
      std::lock_guard<std::mutex> lock(groupMutex_);
      for (uint64_t n : answered) {
        asyncUnanswered_.erase(n);
      }
    }
    asyncAnsweredCv_.notify_all();
  }
}

void Database::commitGroup(const std::vector<Slot*>& group) {
  auto g = writer();
  try {
    g.db.exec(g.db.beginWrite());
  } catch (const std::exception& e) {
    for (Slot* s : group) {
      s->error = e.what();
    }
    return;
  }
  for (size_t begin = 0; begin < group.size();) {
    size_t end = begin + 1;
    while (end < group.size() && group[begin]->repeatable && group[end]->repeatable) {
      ++end;
    }
    if (end - begin > 1) {
      runRepeatable(g.db, group, begin, end);
    } else {
      runEachAlone(g.db, group, begin, end);
    }
    begin = end;
  }
  try {
    cached("COMMIT").exec();
    commits_.fetch_add(1);
  } catch (const std::exception& e) {
    for (Slot* s : group) {
      s->ok = false;
      s->error = std::string("commit failed: ") + e.what();
    }
    try {
      g.db.exec("ROLLBACK");
    } catch (const std::exception&) {
    }
  }
}

void Database::runEachAlone(sql::Connection& db, const std::vector<Slot*>& group, size_t begin,
                            size_t end) {
  for (size_t i = begin; i < end; ++i) {
    Slot* s = group[i];
    try {
      cached("SAVEPOINT w").exec();
      (*s->work)(db);
      cached("RELEASE w").exec();
      s->ok = true;
      s->error.clear();
    } catch (const std::exception& e) {
      s->ok = false;
      s->error = e.what();
      try {
        db.exec("ROLLBACK TO w");
        db.exec("RELEASE w");
      } catch (const std::exception&) {
      }
    }
  }
}

void Database::runRepeatable(sql::Connection& db, const std::vector<Slot*>& group, size_t begin,
                             size_t end) {
  try {
    cached("SAVEPOINT w").exec();
    for (size_t i = begin; i < end; ++i) {
      (*group[i]->work)(db);
    }
    cached("RELEASE w").exec();
    for (size_t i = begin; i < end; ++i) {
      group[i]->ok = true;
    }
    return;
  } catch (const std::exception&) {
    try {
      db.exec("ROLLBACK TO w");
      db.exec("RELEASE w");
    } catch (const std::exception&) {
    }
  }
  runEachAlone(db, group, begin, end);  // each again, so that only the failing one is left out
}

// A cached statement whose last run failed reports that failure again from reset(); it was
// reported to that run's caller already and must not fail the next one: tryReset() ignores it.
sql::Statement& Database::cached(const char* sql) {
  auto& slot = statements_[sql];
  if (!slot) {
    slot = std::make_unique<sql::Statement>(*writer_, sql);
  } else {
    slot->tryReset();
    slot->clearBindings();
  }
  return *slot;
}

sql::Statement& Database::cachedRead(const char* sql) {
  auto& slot = readStatements_[sql];
  if (!slot) {
    slot = std::make_unique<sql::Statement>(*reader_, sql);
  } else {
    slot->tryReset();
    slot->clearBindings();
  }
  return *slot;
}

Result<int64_t> Database::sizeBytes() {
  if (dialect() == sql::Dialect::kPostgres) {
    try {
      auto g = reader();
      return sql::queryInt64(g.db, "SELECT pg_database_size(current_database())");
    } catch (const std::exception& e) {
      return Status::store(std::string("database size: ") + e.what());
    }
  }
  int64_t bytes = 0;
  for (const std::string& file : {path_, path_ + "-wal"}) {
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0) {
      bytes += st.st_size;
    }
  }
  return bytes;
}

Status Database::writable() {
  try {
    auto g = writer();
    sql::Transaction tx(g.db);
    g.db.exec("UPDATE schema_migrations SET applied_at = applied_at WHERE version = 0");
    tx.commit();
    return Status();
  } catch (const std::exception& e) {
    return Status::store(std::string("not writable: ") + e.what());
  }
}

}  // namespace enp
