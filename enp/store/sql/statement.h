#pragma once

// A prepared statement on either back-end, in SQLiteCpp's shape (the stores were written for
// it): parameters are `?` or `?N` (1-based), values are bound, never spliced into the SQL.
//
//   sql::Statement q(connection, "SELECT id, state FROM events WHERE registration_id = ?");
//   q.bind(1, registrationId);
//   while (q.executeStep()) { int64_t id = q.getColumn(0).getInt64(); ... }
//
// Failures throw sql::Error.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace enp::sql {

class Connection;

/// What a back-end implements for one statement.
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void bindNull(int index) = 0;
  virtual void bindInt64(int index, int64_t value) = 0;
  virtual void bindDouble(int index, double value) = 0;
  virtual void bindText(int index, std::string_view value) = 0;
  /// Runs a statement that returns no rows: the rows it changed.
  virtual int exec() = 0;
  /// Runs the statement at the first call, then moves to the next row: false after the last.
  virtual bool step() = 0;
  virtual bool isNull(int column) = 0;
  virtual int64_t int64At(int column) = 0;
  virtual double doubleAt(int column) = 0;
  virtual std::string textAt(int column) = 0;
  /// Ready to run again (the bindings stay); ends the read it was part of.
  virtual void reset() = 0;
  /// Forgets every binding (NULL for all).
  virtual void clearBindings() = 0;
};

/// One field of the current row.
class Column {
 public:
  Column(StatementImpl& impl, int index) : impl_(impl), index_(index) {}
  bool isNull() const { return impl_.isNull(index_); }
  int getInt() const { return static_cast<int>(impl_.int64At(index_)); }
  int64_t getInt64() const { return impl_.int64At(index_); }
  uint32_t getUInt() const { return static_cast<uint32_t>(impl_.int64At(index_)); }
  double getDouble() const { return impl_.doubleAt(index_); }
  /// The text; "" for NULL.
  std::string getString() const { return impl_.textAt(index_); }

 private:
  StatementImpl& impl_;
  int index_;
};

class Statement {
 public:
  Statement(Connection& connection, const std::string& sql);
  explicit Statement(std::unique_ptr<StatementImpl> impl) : impl_(std::move(impl)) {}

  void bind(int index) { impl_->bindNull(index); }
  void bind(int index, int value) { impl_->bindInt64(index, value); }
  void bind(int index, unsigned value) { impl_->bindInt64(index, value); }
  void bind(int index, long value) { impl_->bindInt64(index, value); }
  void bind(int index, long long value) { impl_->bindInt64(index, value); }
  void bind(int index, unsigned long value) {
    impl_->bindInt64(index, static_cast<int64_t>(value));
  }
  void bind(int index, double value) { impl_->bindDouble(index, value); }
  void bind(int index, const std::string& value) { impl_->bindText(index, value); }
  void bind(int index, std::string_view value) { impl_->bindText(index, value); }
  void bind(int index, const char* value) { impl_->bindText(index, value); }

  /// Runs a statement that returns no rows: the rows it changed.
  int exec() { return impl_->exec(); }
  /// The next row (running the statement first): false when there is none left.
  bool executeStep() { return impl_->step(); }
  Column getColumn(int index) { return Column(*impl_, index); }
  void reset() { impl_->reset(); }
  /// reset() that never throws (a statement whose last run failed).
  void tryReset() noexcept;
  void clearBindings() { impl_->clearBindings(); }

 private:
  std::unique_ptr<StatementImpl> impl_;
};

}  // namespace enp::sql
