#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>
#include <mutex>
#include <string>

namespace enp {

/// The SQLite file (WAL) and its two connections: one writer and one reader, each used under
/// its own mutex, so reads (token look-ups) are not held up by a commit's fsync.
/// Durability: synchronous=FULL, so a committed transaction survives power loss, not only a
/// crash of the process.
class Database {
 public:
  /// Opens (creating if needed) the file and runs pending migrations. Returns nullptr with
  /// *error on failure (unwritable directory, corrupt file, a schema newer than this binary).
  static std::unique_ptr<Database> open(const std::string& path, std::string* error);

  /// A connection with exclusive use while the guard lives.
  template <typename M>
  struct Guard {
    std::unique_lock<std::mutex> lock;
    SQLite::Database& db;
  };
  Guard<std::mutex> writer() { return {std::unique_lock<std::mutex>(writerMutex_), *writer_}; }
  Guard<std::mutex> reader() { return {std::unique_lock<std::mutex>(readerMutex_), *reader_}; }

  /// The schema version after migrations.
  int schemaVersion() const { return schemaVersion_; }
  const std::string& path() const { return path_; }

  /// True when a write transaction commits (for /readyz).
  bool writable();

 private:
  Database(std::string path, std::unique_ptr<SQLite::Database> w,
           std::unique_ptr<SQLite::Database> r, int version);

  const std::string path_;
  std::mutex writerMutex_;
  std::unique_ptr<SQLite::Database> writer_;  // GUARDED_BY(writerMutex_)
  std::mutex readerMutex_;
  std::unique_ptr<SQLite::Database> reader_;  // GUARDED_BY(readerMutex_)
  const int schemaVersion_;
};

/// Applies the numbered migrations above the file's version (see migrations.cc); returns the
/// new version. Throws SQLite::Exception.
int migrate(SQLite::Database& db);

/// The newest migration this binary knows.
int latestSchemaVersion();

}  // namespace enp
