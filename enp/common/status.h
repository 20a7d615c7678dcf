#pragma once

#include <string>
#include <utility>

#include "base/result.h"

namespace enp {

/// What kind of failure a Status reports: what a caller can act on, not where it happened.
enum class StatusCode {
  kOk,
  kInvalid,      ///< The input or a setting is wrong; repeating the call will not help.
  kNotFound,     ///< The thing asked for does not exist.
  kConflict,     ///< The change clashes with what exists (a name taken already).
  kUnavailable,  ///< Something outside ENP did not answer or refused for now; try again later.
  kStore,        ///< The database failed (disk full, I/O error, corruption, locked too long).
  kInternal,     ///< A bug or an impossible state; logged and counted.
};

const char* toString(StatusCode code);

/// The result of an operation at a module boundary of the daemon (leveldb's Status, with the
/// codes above). Modules return it instead of throwing; adapters catch the exceptions of the
/// libraries they call (SQLiteCpp, Poco) and convert them here. Messages name the field or the
/// thing that failed and never hold secrets or mail content.
class [[nodiscard]] Status {
 public:
  /// Success.
  Status() = default;

  static Status invalid(std::string message) { return {StatusCode::kInvalid, std::move(message)}; }
  static Status notFound(std::string message) {
    return {StatusCode::kNotFound, std::move(message)};
  }
  static Status conflict(std::string message) {
    return {StatusCode::kConflict, std::move(message)};
  }
  static Status unavailable(std::string message) {
    return {StatusCode::kUnavailable, std::move(message)};
  }
  static Status store(std::string message) { return {StatusCode::kStore, std::move(message)}; }
  static Status internal(std::string message) {
    return {StatusCode::kInternal, std::move(message)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  /// "store: database is locked" ("ok" for success), for logs.
  std::string toString() const;

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

/// A value or a failed Status (never an OK one): base::Result with the daemon's Status.
template <typename T>
using Result = base::Result<T, Status>;

}  // namespace enp

/// Returns the Status of `expression` from the enclosing function (which returns a Status or a
/// Result) when it is not OK.
#define ENP_RETURN_IF_ERROR(expression)                                \
  do {                                                                 \
    if (::enp::Status enp_status_ = (expression); !enp_status_.ok()) { \
      return enp_status_;                                              \
    }                                                                  \
  } while (false)
