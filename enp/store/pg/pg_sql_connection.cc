#include "enp/store/pg/pg_sql_connection.h"

#include <charconv>
#include <cstdlib>
#include <optional>

#include "enp/common/log.h"
#include "enp/store/sql/placeholders.h"
#include "enp/store/sql/sql_error.h"

namespace enp::pg {
namespace {

[[noreturn]] void raise(const Status& status) { throw sql::Error(status.code(), status.message()); }

class PgStatement : public sql::StatementImpl {
 public:
  PgStatement(PgSqlConnection& connection, const std::string& sql) : connection_(connection) {
    int count = 0;
    sql_ = sql::postgresPlaceholders(sql, &count);
    params_.resize(static_cast<size_t>(count));
  }

  void bindNull(int index) override { param(index).reset(); }
  void bindInt64(int index, int64_t value) override { param(index) = std::to_string(value); }
  void bindDouble(int index, double value) override {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    param(index) = std::string(text, end);
  }
  void bindText(int index, std::string_view value) override { param(index) = std::string(value); }

  int exec() override {
    result_.reset();
    const PgResult r = connection_.run(sql_, params_);
    return static_cast<int>(r.affected());
  }
  bool step() override {
    if (!result_) {
      result_.emplace(connection_.run(sql_, params_));
      row_ = -1;
    }
    return ++row_ < result_->rows();
  }
  bool isNull(int column) override { return current().isNull(row_, column); }
  int64_t int64At(int column) override {
    const std::string text = current().text(row_, column);
    if (text == "t" || text == "f") {  // a boolean expression: 1 or 0 as in SQLite
      return text == "t" ? 1 : 0;
    }
    int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
      return static_cast<int64_t>(std::strtod(text.c_str(), nullptr));  // numeric, real
    }
    return value;
  }
  double doubleAt(int column) override {
    return std::strtod(current().text(row_, column).c_str(), nullptr);
  }
  std::string textAt(int column) override { return current().text(row_, column); }
  void reset() override { result_.reset(); }
  void clearBindings() override {
    for (PgParam& p : params_) {
      p.reset();
    }
  }

 private:
  PgParam& param(int index) {
    if (index < 1 || static_cast<size_t>(index) > params_.size()) {
      throw sql::Error(StatusCode::kInternal,
                       "parameter " + std::to_string(index) + " is not in the statement: " + sql_);
    }
    return params_[static_cast<size_t>(index) - 1];
  }
  const PgResult& current() const {
    if (!result_ || row_ < 0 || row_ >= result_->rows()) {
      throw sql::Error(StatusCode::kInternal, "no current row: " + sql_);
    }
    return *result_;
  }

  PgSqlConnection& connection_;
  std::string sql_;
  std::vector<PgParam> params_;
  std::optional<PgResult> result_;
  int row_ = -1;
};

}  // namespace

Result<std::unique_ptr<PgSqlConnection>> PgSqlConnection::open(const std::string& url,
                                                               const std::string& password) {
  Result<PgConnection> c = PgConnection::open(url, password);
  if (!c.ok()) {
    return c.error();
  }
  return std::unique_ptr<PgSqlConnection>(new PgSqlConnection(url, password, std::move(c).value()));
}

PgConnection& PgSqlConnection::native() {
  if (!conn_.connected()) {
    log::get(log::Id::kStore).warn("postgresql: the connection was lost; connecting again");
    Result<PgConnection> c = PgConnection::open(url_, password_);
    if (!c.ok()) {
      raise(c.error());
    }
    conn_ = std::move(c).value();
  }
  return conn_;
}

// A statement that ran by itself (no transaction open) and met a connection the server had
// closed (a restart, a failover, an idle timeout) runs once more on a new connection. Inside a
// transaction it fails: the transaction is gone, and its caller's commit fails with it.
template <typename Run>
auto PgSqlConnection::again(Run run) -> decltype(run(std::declval<PgConnection&>())) {
  const bool alone = native().idle();
  auto result = run(conn_);
  if (!result.ok() && alone && !conn_.connected()) {
    result = run(native());
  }
  return result;
}

void PgSqlConnection::exec(const std::string& sql) {
  const Status s = again([&](PgConnection& c) { return c.execScript(sql); });
  if (!s.ok()) {
    raise(s);
  }
}

PgResult PgSqlConnection::run(const std::string& sql, const std::vector<PgParam>& params) {
  Result<PgResult> r = again([&](PgConnection& c) { return c.exec(sql, params); });
  if (!r.ok()) {
    raise(r.error());
  }
  return std::move(r).value();
}

std::unique_ptr<sql::StatementImpl> PgSqlConnection::prepare(const std::string& sql) {
  return std::make_unique<PgStatement>(*this, sql);
}

}  // namespace enp::pg
