#include "enp/admin/auth/session_manager.h"

#include "enp/common/log.h"
#include "enp/common/secrets.h"

namespace enp::admin {
namespace {

// "Last used" is written at most this often per session: the idle timeout is 30 minutes, so
// it ends at most this much later than to the millisecond, and a busy console page does not
// write on every request.
constexpr int64_t kTouchWriteEveryMs = 10 * 1000;

void logFailure(const Status& status) {
  log::get(log::Id::kAdmin).error("console sessions: {}", status.message());
}

}  // namespace

Session SessionManager::create(const std::string& user, AdminRole role, bool mustChangePassword) {
  Session s;
  s.id = randomToken(32);
  s.csrfToken = randomToken(32);
  s.user = user;
  s.mustChangePassword = mustChangePassword;
  s.role = role;
  s.createdAt = s.lastUsedAt = clock_.nowMs();
  if (Status expired = store_.removeExpired(s.createdAt - options_.idleTimeoutMs,
                                            s.createdAt - options_.absoluteTimeoutMs);
      !expired.ok()) {
    logFailure(expired);
  }
  const Status saved = store_.insert({sha256Hex(s.id), s.csrfToken, s.user, s.role,
                                      s.mustChangePassword, s.createdAt, s.lastUsedAt});
  if (!saved.ok()) {
    logFailure(saved);  // the cookie then opens nothing: the next request asks to log in
  }
  return s;
}

std::optional<Session> SessionManager::touch(const std::string& id) {
  const int64_t now = clock_.nowMs();
  const std::string hash = sha256Hex(id);
  Result<std::optional<AdminSessionRow>> found = store_.find(hash);
  if (!found.ok()) {
    logFailure(found.error());
    return std::nullopt;
  }
  if (!found->has_value()) {
    return std::nullopt;
  }
  const AdminSessionRow& row = **found;
  if (now - row.lastUsedAt >= options_.idleTimeoutMs ||
      now - row.createdAt >= options_.absoluteTimeoutMs) {
    remove(id);
    return std::nullopt;
  }
  if (now - row.lastUsedAt >= kTouchWriteEveryMs) {
    if (Status touched = store_.touch(hash, now); !touched.ok()) {
      logFailure(touched);
    }
  }
  Session s;
  s.id = id;
  s.csrfToken = row.csrfToken;
  s.user = row.user;
  s.mustChangePassword = row.mustChangePassword;
  s.role = row.role;
  s.createdAt = row.createdAt;
  s.lastUsedAt = now;
  return s;
}

void SessionManager::remove(const std::string& id) {
  if (Status removed = store_.remove(sha256Hex(id)); !removed.ok()) {
    logFailure(removed);
  }
}

void SessionManager::removeUser(const std::string& user, const std::string& keepId) {
  if (Status removed = store_.removeUser(user, keepId.empty() ? "" : sha256Hex(keepId));
      !removed.ok()) {
    logFailure(removed);
  }
}

void SessionManager::clearMustChange(const std::string& id) {
  if (Status cleared = store_.clearMustChange(sha256Hex(id)); !cleared.ok()) {
    logFailure(cleared);
  }
}

size_t SessionManager::sizeForTest() {
  Result<int64_t> n = store_.count();
  return n.ok() ? static_cast<size_t>(*n) : 0;
}

}  // namespace enp::admin
