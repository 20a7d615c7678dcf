#include "enp/store/api_token_store.h"

#include "enp/store/sql/statement.h"

namespace enp {
namespace {

constexpr const char* kColumns =
    "id, label, created_by, created_at, last_used_at, revoked_at, role, expires_at";

ApiToken readRow(sql::Statement& q) {
  ApiToken t;
  t.id = q.getColumn(0).getString();
  t.label = q.getColumn(1).getString();
  t.createdBy = q.getColumn(2).getString();
  t.createdAt = q.getColumn(3).getInt64();
  if (!q.getColumn(4).isNull()) {
    t.lastUsedAt = q.getColumn(4).getInt64();
  }
  if (!q.getColumn(5).isNull()) {
    t.revokedAt = q.getColumn(5).getInt64();
  }
  t.role = parseRole(q.getColumn(6).getString()).value_or(AdminRole::kHelpdesk);
  if (!q.getColumn(7).isNull()) {
    t.expiresAt = q.getColumn(7).getInt64();
  }
  return t;
}

}  // namespace

Status ApiTokenStore::create(const ApiToken& t, const std::string& tokenHash) try {
  auto g = db_.writer();
  sql::Statement q(g.db,
                   "INSERT INTO api_tokens(id, label, token_hash, created_by, created_at, role, "
                   "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, t.id);
  q.bind(2, t.label);
  q.bind(3, tokenHash);
  q.bind(4, t.createdBy);
  q.bind(5, t.createdAt);
  q.bind(6, roleName(t.role));
  if (t.expiresAt) {
    q.bind(7, *t.expiresAt);
  } else {
    q.bind(7);
  }
  q.exec();
  return Status();
} catch (const std::exception& e) {
  return Status::store(std::string("storing an API token: ") + e.what());
}

Result<ApiToken> ApiTokenStore::findActiveByHash(const std::string& tokenHash) try {
  auto g = db_.reader();
  sql::Statement q(g.db, std::string("SELECT ") + kColumns +
                             " FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL");
  q.bind(1, tokenHash);
  if (!q.executeStep()) {
    return Status::notFound("no active API token with this value");
  }
  return readRow(q);
} catch (const std::exception& e) {
  return Status::store(std::string("reading API tokens: ") + e.what());
}

Status ApiTokenStore::touch(const std::string& id, int64_t nowMs) try {
  auto g = db_.writer();
  sql::Statement q(g.db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
  q.bind(1, nowMs);
  q.bind(2, id);
  q.exec();
  return Status();
} catch (const std::exception& e) {
  return Status::store("recording the use of API token " + id + ": " + e.what());
}

Status ApiTokenStore::revoke(const std::string& id, int64_t nowMs) try {
  auto g = db_.writer();
  sql::Statement q(g.db,
                   "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  q.bind(1, nowMs);
  q.bind(2, id);
  if (q.exec() != 1) {
    return Status::notFound("no such active API token");
  }
  return Status();
} catch (const std::exception& e) {
  return Status::store("revoking API token " + id + ": " + e.what());
}

Result<std::vector<ApiToken>> ApiTokenStore::list() try {
  auto g = db_.reader();
  sql::Statement q(g.db,
                   std::string("SELECT ") + kColumns + " FROM api_tokens ORDER BY created_at DESC");
  std::vector<ApiToken> out;
  while (q.executeStep()) {
    out.push_back(readRow(q));
  }
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("listing API tokens: ") + e.what());
}

}  // namespace enp
