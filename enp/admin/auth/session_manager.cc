#include "enp/admin/auth/session_manager.h"

#include "enp/common/secrets.h"

namespace enp::admin {

Session SessionManager::create(const std::string& user, AdminRole role, bool mustChangePassword) {
  Session s;
  s.id = randomToken(32);
  s.csrfToken = randomToken(32);
  s.user = user;
  s.mustChangePassword = mustChangePassword;
  s.role = role;
  s.createdAt = s.lastUsedAt = clock_.nowMs();
  std::lock_guard<std::mutex> lock(mutex_);
  expireLocked(s.createdAt);
  sessions_[s.id] = s;
  return s;
}

std::optional<Session> SessionManager::touch(const std::string& id) {
  int64_t now = clock_.nowMs();
  std::lock_guard<std::mutex> lock(mutex_);
  expireLocked(now);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) {
    return std::nullopt;
  }
  it->second.lastUsedAt = now;
  return it->second;
}

void SessionManager::remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_.erase(id);
}

void SessionManager::removeUser(const std::string& user, const std::string& keepId) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second.user == user && it->first != keepId) {
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

void SessionManager::clearMustChange(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(id);
  if (it != sessions_.end()) {
    it->second.mustChangePassword = false;
  }
}

size_t SessionManager::sizeForTest() {
  std::lock_guard<std::mutex> lock(mutex_);
  return sessions_.size();
}

void SessionManager::expireLocked(int64_t now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    const Session& s = it->second;
    if (now - s.lastUsedAt >= options_.idleTimeoutMs ||
        now - s.createdAt >= options_.absoluteTimeoutMs) {
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace enp::admin
