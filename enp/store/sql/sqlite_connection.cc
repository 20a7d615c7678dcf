#include "enp/store/sql/sqlite_connection.h"

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <deque>
#include <string>

#include "enp/store/sql/sql_error.h"

namespace enp::sql {
namespace {

class SqliteStatement : public StatementImpl {
 public:
  SqliteStatement(SQLite::Database& db, const std::string& sql) : q_(db, sql) {}

  void bindNull(int index) override {
    guard([&] { q_.bind(index); });
  }
  void bindInt64(int index, int64_t value) override {
    guard([&] { q_.bind(index, static_cast<int64_t>(value)); });
  }
  void bindDouble(int index, double value) override {
    guard([&] { q_.bind(index, value); });
  }
  void bindText(int index, std::string_view value) override {
    if (index < 1 || index > kMostKept) {
      guard([&] { q_.bind(index, std::string(value)); });  // SQLite copies it (or says why not)
      return;
    }
    if (static_cast<size_t>(index) > texts_.size()) {
      texts_.resize(static_cast<size_t>(index));
    }
    std::string& kept = texts_[static_cast<size_t>(index) - 1];
    kept.assign(value.data(), value.size());
    guard([&] { q_.bindNoCopy(index, kept); });
  }
  int exec() override {
    int changed = 0;
    guard([&] { changed = q_.exec(); });
    return changed;
  }
  bool step() override {
    bool row = false;
    guard([&] { row = q_.executeStep(); });
    return row;
  }
  bool isNull(int column) override { return q_.getColumn(column).isNull(); }
  int64_t int64At(int column) override { return q_.getColumn(column).getInt64(); }
  double doubleAt(int column) override { return q_.getColumn(column).getDouble(); }
  std::string textAt(int column) override { return q_.getColumn(column).getString(); }
  void reset() override {
    guard([&] { q_.reset(); });
  }
  void clearBindings() override { q_.clearBindings(); }

 private:
  template <typename F>
  void guard(F&& f) {
    try {
      f();
    } catch (const SQLite::Exception& e) {
      rethrowSqlite(e);
    }
  }
  // A text is bound from the statement's own copy, which SQLite reads without copying it again
  // (SQLITE_STATIC) until the parameter is bound anew or the statement is finalized: one copy
  // instead of two, into a string whose capacity serves the next runs. A deque, so that a
  // parameter bound later does not move the strings bound before (a short one lives inside its
  // std::string). Parameters numbered beyond kMostKept are copied by SQLite as usual.
  // Declared before q_: the texts outlive the statement that points at them.
  static constexpr int kMostKept = 999;
  std::deque<std::string> texts_;
  SQLite::Statement q_;
};

}  // namespace

void rethrowSqlite(const SQLite::Exception& e) {
  switch (e.getErrorCode()) {
    case SQLITE_CONSTRAINT:
      throw Error(StatusCode::kConflict, e.what());
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw Error(StatusCode::kUnavailable, e.what());
    default:
      throw Error(StatusCode::kStore, e.what());
  }
}

void SqliteConnection::exec(const std::string& sql) {
  try {
    db_->exec(sql);
  } catch (const SQLite::Exception& e) {
    rethrowSqlite(e);
  }
}

std::unique_ptr<StatementImpl> SqliteConnection::prepare(const std::string& sql) {
  try {
    return std::make_unique<SqliteStatement>(*db_, sql);
  } catch (const SQLite::Exception& e) {
    rethrowSqlite(e);
  }
}

}  // namespace enp::sql
