#include "enp/store/graph_subscription_store.h"

#include "enp/store/due_registrations.h"
#include "enp/store/sql/statement.h"

namespace enp {
namespace {

// Of the graph_subscriptions table aliased x.
constexpr const char* kColumns =
    "x.registration_id, x.tenant, x.state, x.subscription_id, x.client_state_hash, "
    "x.created_at, x.expires_at, x.renew_at, x.next_check_at, x.attempts, x.failure, x.lifecycle";

GraphSubscriptionRecord readRecord(sql::Statement& q, int first) {
  GraphSubscriptionRecord r;
  r.registrationId = q.getColumn(first).getString();
  r.tenant = q.getColumn(first + 1).getString();
  r.state = parseGraphSubscriptionState(q.getColumn(first + 2).getString())
                .value_or(GraphSubscriptionState::kPending);
  r.subscriptionId = q.getColumn(first + 3).getString();
  r.clientStateHash = q.getColumn(first + 4).getString();
  r.createdAt = q.getColumn(first + 5).getInt64();
  r.expiresAt = q.getColumn(first + 6).getInt64();
  r.renewAt = q.getColumn(first + 7).getInt64();
  r.nextCheckAt = q.getColumn(first + 8).getInt64();
  r.attempts = q.getColumn(first + 9).getInt();
  r.failure = q.getColumn(first + 10).getString();
  r.lifecycle = parseGraphLifecycle(q.getColumn(first + 11).getString());
  return r;
}

Status written(const Status& s, const char* what) {
  return s.ok() ? s : Status::store(std::string(what) + ": " + s.message());
}

}  // namespace

Result<std::vector<GraphWatched>> GraphSubscriptionStore::due(
    int64_t nowMs, int limit, const std::vector<std::string>& domains,
    std::optional<int64_t> createdSinceMs) try {
  std::vector<GraphWatched> out;
  if (domains.empty()) {
    return out;
  }
  DueRegistrationsQuery query;
  query.registrationColumns = "r.id, r.mailbox, COALESCE(r.last_seen_at, 0)";
  query.recordTable = "graph_subscriptions";
  query.recordColumns = kColumns;
  // Mailboxes are stored lower-case; the domain is what follows the last '@' (an address has
  // one outside quotes, and quoted local parts with '@' are not registered). ENP reads a
  // registration with a mail account itself (IMAP, POP3).
  query.where = "r.revoked_at IS NULL AND substr(r.mailbox, instr(r.mailbox, '@') + 1) IN (";
  for (size_t i = 0; i < domains.size(); ++i) {
    query.where += i == 0 ? "?" : ",?";
  }
  query.where += ") AND NOT EXISTS (SELECT 1 FROM mail_accounts m WHERE m.registration_id = r.id)";
  query.args = domains;
  auto g = db_.reader();
  readDueRegistrations(g.db, query, nowMs, limit, createdSinceMs,
                       [&](sql::Statement& q, bool withRecord) {
                         GraphWatched w;
                         w.registrationId = q.getColumn(0).getString();
                         w.mailbox = q.getColumn(1).getString();
                         w.lastSeenAt = q.getColumn(2).getInt64();
                         if (withRecord) {
                           w.record = readRecord(q, 3);
                         }
                         out.push_back(std::move(w));
                       });
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("reading due graph subscriptions: ") + e.what());
}

Result<std::vector<GraphSubscriptionRecord>> GraphSubscriptionStore::revoked(int limit) try {
  auto g = db_.reader();
  sql::Statement q(g.db, std::string("SELECT ") + kColumns +
                             " FROM graph_subscriptions x JOIN registrations r ON r.id = "
                             "x.registration_id WHERE r.revoked_at IS NOT NULL AND "
                             "x.subscription_id <> '' AND x.state <> 'deleted' LIMIT ?");
  q.bind(1, limit);
  std::vector<GraphSubscriptionRecord> out;
  while (q.executeStep()) {
    out.push_back(readRecord(q, 0));
  }
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("reading revoked graph subscriptions: ") + e.what());
}

Status GraphSubscriptionStore::save(const std::vector<GraphSubscriptionRecord>& records) {
  if (records.empty()) {
    return Status();
  }
  return written(db_.write([&](sql::Connection&) {
    sql::Statement& q = db_.cached(
        "INSERT INTO graph_subscriptions(registration_id, tenant, state, subscription_id, "
        "client_state_hash, created_at, expires_at, renew_at, next_check_at, attempts, failure, "
        "lifecycle) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(registration_id) DO "
        "UPDATE SET tenant = excluded.tenant, state = excluded.state, subscription_id = "
        "excluded.subscription_id, client_state_hash = excluded.client_state_hash, created_at = "
        "excluded.created_at, expires_at = excluded.expires_at, renew_at = excluded.renew_at, "
        "next_check_at = excluded.next_check_at, attempts = excluded.attempts, failure = "
        "excluded.failure, lifecycle = excluded.lifecycle");
    for (const GraphSubscriptionRecord& r : records) {
      q.bind(1, r.registrationId);
      q.bind(2, r.tenant);
      q.bind(3, toString(r.state));
      q.bind(4, r.subscriptionId);
      q.bind(5, r.clientStateHash);
      q.bind(6, r.createdAt);
      q.bind(7, r.expiresAt);
      q.bind(8, r.renewAt);
      q.bind(9, r.nextCheckAt);
      q.bind(10, r.attempts);
      q.bind(11, r.failure);
      q.bind(12, toString(r.lifecycle));
      q.exec();
      q.reset();
    }
  }),
                 "saving graph subscriptions");
}

Result<GraphSubscriptionRecord> GraphSubscriptionStore::find(
    const std::string& registrationId) try {
  auto g = db_.reader();
  sql::Statement q(g.db, std::string("SELECT ") + kColumns +
                             " FROM graph_subscriptions x WHERE x.registration_id = ?");
  q.bind(1, registrationId);
  if (!q.executeStep()) {
    return Status::notFound("no graph subscription for registration " + registrationId);
  }
  return readRecord(q, 0);
} catch (const std::exception& e) {
  return Status::store(std::string("reading a graph subscription: ") + e.what());
}

Result<std::string> GraphSubscriptionStore::deltaLink(const std::string& registrationId,
                                                      const std::string& tenant) try {
  auto g = db_.reader();
  sql::Statement q(g.db,
                   "SELECT link FROM graph_delta_links WHERE registration_id = ? AND tenant = ?");
  q.bind(1, registrationId);
  q.bind(2, tenant);
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
} catch (const std::exception& e) {
  return Status::store(std::string("reading a graph delta link: ") + e.what());
}

Status GraphSubscriptionStore::saveDeltaLink(const std::string& registrationId,
                                             const std::string& tenant, const std::string& link,
                                             int64_t nowMs) {
  return written(db_.write([&](sql::Connection&) {
    if (link.empty()) {
      sql::Statement& q = db_.cached("DELETE FROM graph_delta_links WHERE registration_id = ?");
      q.bind(1, registrationId);
      q.exec();
      q.reset();
      return;
    }
    sql::Statement& q = db_.cached(
        "INSERT INTO graph_delta_links(registration_id, tenant, link, saved_at) VALUES (?, ?, ?, "
        "?) ON CONFLICT(registration_id) DO UPDATE SET tenant = excluded.tenant, link = "
        "excluded.link, saved_at = excluded.saved_at");
    q.bind(1, registrationId);
    q.bind(2, tenant);
    q.bind(3, link);
    q.bind(4, nowMs);
    q.exec();
    q.reset();
  }),
                 "saving a graph delta link");
}

Result<GraphSubscriptionOwner> GraphSubscriptionStore::owner(
    const std::string& subscriptionId) try {
  if (subscriptionId.empty()) {
    return Status::notFound("no subscription id");
  }
  auto g = db_.reader();
  sql::Statement& q = db_.cachedRead(
      "SELECT g.registration_id, g.client_state_hash, r.revoked_at IS NOT NULL, g.tenant "
      "FROM graph_subscriptions g JOIN registrations r ON r.id = g.registration_id "
      "WHERE g.subscription_id = ?");
  q.bind(1, subscriptionId);
  if (!q.executeStep()) {
    q.reset();
    return Status::notFound("unknown graph subscription");
  }
  GraphSubscriptionOwner o{q.getColumn(0).getString(), q.getColumn(1).getString(),
                           q.getColumn(2).getInt() != 0, q.getColumn(3).getString()};
  q.reset();
  return o;
} catch (const std::exception& e) {
  return Status::store(std::string("looking up a graph subscription: ") + e.what());
}

Status GraphSubscriptionStore::markLifecycle(const std::string& subscriptionId,
                                             GraphLifecycle lifecycle) {
  int changed = 0;
  ENP_RETURN_IF_ERROR(written(db_.write([&](sql::Connection&) {
    sql::Statement& q = db_.cached(
        "UPDATE graph_subscriptions SET lifecycle = ?, next_check_at = 0 "
        "WHERE subscription_id = ? AND state <> 'deleted'");
    q.bind(1, toString(lifecycle));
    q.bind(2, subscriptionId);
    changed = q.exec();
  }),
                              "marking a graph lifecycle event"));
  return changed > 0 ? Status() : Status::notFound("unknown graph subscription");
}

Status GraphSubscriptionStore::recheckAll() {
  return written(db_.write([&](sql::Connection&) {
    db_.cached(
           "UPDATE graph_subscriptions SET next_check_at = 0 WHERE state NOT IN "
           "('mailbox-missing', 'deleted')")
        .exec();
  }),
                 "rechecking graph subscriptions");
}

Result<std::map<std::string, std::map<GraphSubscriptionState, int64_t>>>
GraphSubscriptionStore::countByTenant() try {
  // Every record less those of revoked registrations (few: their partial index, migration 17),
  // instead of a look at each record's registration.
  auto g = db_.reader();
  std::map<std::string, std::map<GraphSubscriptionState, int64_t>> out;
  sql::Statement all(
      g.db, "SELECT tenant, state, COUNT(*) FROM graph_subscriptions GROUP BY tenant, state");
  while (all.executeStep()) {
    if (auto state = parseGraphSubscriptionState(all.getColumn(1).getString())) {
      out[all.getColumn(0).getString()][*state] += all.getColumn(2).getInt64();
    }
  }
  sql::Statement revoked(g.db,
                         "SELECT x.tenant, x.state, COUNT(*) FROM registrations r JOIN "
                         "graph_subscriptions x ON x.registration_id = r.id WHERE r.revoked_at "
                         "IS NOT NULL GROUP BY x.tenant, x.state");
  while (revoked.executeStep()) {
    if (auto state = parseGraphSubscriptionState(revoked.getColumn(1).getString())) {
      auto tenant = out.find(revoked.getColumn(0).getString());
      if (tenant == out.end()) {
        continue;
      }
      if ((tenant->second[*state] -= revoked.getColumn(2).getInt64()) <= 0) {
        tenant->second.erase(*state);
      }
      if (tenant->second.empty()) {
        out.erase(tenant);
      }
    }
  }
  return out;
} catch (const std::exception& e) {
  return Status::store(std::string("counting graph subscriptions by tenant: ") + e.what());
}

}  // namespace enp
