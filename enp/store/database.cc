#include "enp/store/database.h"

#include <SQLiteCpp/Statement.h>
#include <sys/stat.h>

namespace enp {
namespace {

void configure(SQLite::Database& db) {
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  db.exec("PRAGMA foreign_keys=ON");
  db.setBusyTimeout(5000);
}

}  // namespace

Database::Database(std::string path, std::unique_ptr<SQLite::Database> w,
                   std::unique_ptr<SQLite::Database> r, int version)
    : path_(std::move(path)),
      writer_(std::move(w)),
      reader_(std::move(r)),
      schemaVersion_(version) {}

std::unique_ptr<Database> Database::open(const std::string& path, std::string* error) {
  try {
    // The file holds secrets: readable by the service user only.
    mode_t old = ::umask(077);
    auto w = std::make_unique<SQLite::Database>(
        path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
    ::umask(old);
    configure(*w);
    int version = migrate(*w);
    auto r =
        std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_FULLMUTEX);
    configure(*r);
    return std::unique_ptr<Database>(new Database(path, std::move(w), std::move(r), version));
  } catch (const std::exception& e) {
    *error = path + ": " + e.what();
    return nullptr;
  }
}

bool Database::write(const std::function<void(SQLite::Database&)>& work, std::string* error) {
  Slot slot;
  slot.work = &work;
  std::unique_lock<std::mutex> lock(groupMutex_);
  pending_.push_back(&slot);
  // Leader/follower: whoever finds no commit running commits everything pending; the others
  // wait, each on its own condition variable (no thundering herd). Each caller returns only
  // after its own changes are durable (or failed).
  while (!slot.done) {
    if (committing_) {
      slot.cv.wait(lock);
      continue;
    }
    committing_ = true;
    std::vector<Slot*> group;
    group.swap(pending_);
    lock.unlock();
    commitGroup(group);
    lock.lock();
    committing_ = false;
    for (Slot* s : group) {
      s->done = true;
      if (s != &slot) {
        s->cv.notify_one();
      }
    }
    // Hand the lead to the oldest waiter, whose writes gathered during this commit.
    if (!pending_.empty()) {
      pending_.front()->cv.notify_one();
    }
  }
  if (!slot.ok && error != nullptr) {
    *error = slot.error;
  }
  return slot.ok;
}

void Database::commitGroup(const std::vector<Slot*>& group) {
  auto g = writer();
  try {
    cached("BEGIN IMMEDIATE").exec();
  } catch (const std::exception& e) {
    for (Slot* s : group) {
      s->error = e.what();
    }
    return;
  }
  for (Slot* s : group) {
    try {
      cached("SAVEPOINT w").exec();
      (*s->work)(g.db);
      cached("RELEASE w").exec();
      s->ok = true;
    } catch (const std::exception& e) {
      s->error = e.what();
      try {
        g.db.exec("ROLLBACK TO w");
        g.db.exec("RELEASE w");
      } catch (const std::exception&) {
      }
    }
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

SQLite::Statement& Database::cached(const char* sql) {
  auto& slot = statements_[sql];
  if (!slot) {
    slot = std::make_unique<SQLite::Statement>(*writer_, sql);
  } else {
    slot->reset();
    slot->clearBindings();
  }
  return *slot;
}

SQLite::Statement& Database::cachedRead(const char* sql) {
  auto& slot = readStatements_[sql];
  if (!slot) {
    slot = std::make_unique<SQLite::Statement>(*reader_, sql);
  } else {
    slot->reset();
    slot->clearBindings();
  }
  return *slot;
}

bool Database::writable() {
  try {
    auto g = writer();
    g.db.exec(
        "BEGIN IMMEDIATE; UPDATE schema_migrations SET applied_at = applied_at "
        "WHERE version = 0; COMMIT;");
    return true;
  } catch (const std::exception&) {
    try {
      auto g = writer();
      g.db.exec("ROLLBACK");
    } catch (const std::exception&) {
    }
    return false;
  }
}

}  // namespace enp
