#include "enp/store/due_registrations.h"

#include <set>

namespace enp {

void readDueRegistrations(sql::Connection& db, const DueRegistrationsQuery& query, int64_t nowMs,
                          int limit, std::optional<int64_t> createdSinceMs,
                          const std::function<void(sql::Statement& row, bool withRecord)>& row) {
  auto bindArgs = [&](sql::Statement& q, int& i) {
    for (const std::string& a : query.args) {
      q.bind(i++, a);
    }
  };
  std::set<std::string> seen;
  int found = 0;
  {
    sql::Statement q(db, "SELECT " + query.registrationColumns + " FROM registrations r WHERE (" +
                             query.where + ")" + (createdSinceMs ? " AND r.created_at >= ?" : "") +
                             " AND NOT EXISTS (SELECT 1 FROM " + query.recordTable +
                             " x WHERE x.registration_id = r.id) ORDER BY r.created_at LIMIT ?");
    int i = 1;
    bindArgs(q, i);
    if (createdSinceMs) {
      q.bind(i++, *createdSinceMs);
    }
    q.bind(i, limit);
    while (q.executeStep()) {
      seen.insert(q.getColumn(0).getString());
      ++found;
      row(q, false);
    }
  }
  if (found >= limit) {
    return;
  }
  sql::Statement q(db, "SELECT " + query.registrationColumns + ", " + query.recordColumns +
                           " FROM " + query.recordTable +
                           " x JOIN registrations r ON r.id = x.registration_id WHERE "
                           "x.next_check_at <= ? AND (" +
                           query.where + ") ORDER BY x.next_check_at, r.created_at LIMIT ?");
  int i = 1;
  q.bind(i++, nowMs);
  bindArgs(q, i);
  q.bind(i, limit - found);
  while (q.executeStep()) {
    if (seen.count(q.getColumn(0).getString()) == 0) {
      row(q, true);
    }
  }
}

}  // namespace enp
