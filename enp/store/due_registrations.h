#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "enp/store/sql/statement.h"

namespace enp {

/// What a keeper's look reads (SubscriptionStore::due, GraphSubscriptionStore::due): the active
/// registrations `r` that match `where` and either have no row in the record table yet or one
/// that is due.
struct DueRegistrationsQuery {
  /// Read first from every row; the first must be r.id.
  std::string registrationColumns;
  /// The record table, aliased `x`; it has registration_id and an indexed next_check_at.
  std::string recordTable;
  /// Its columns (alias x), read after registrationColumns on rows that have a record.
  std::string recordColumns;
  /// A condition on r, with one ? per entry of `args`.
  std::string where;
  std::vector<std::string> args;
};

/// The registrations without a record, by creation (only those created at or after
/// createdSinceMs, by the created_at index, when given), then those whose record is due at
/// nowMs (by the next_check_at index), by next check; at most `limit`, each once (a record
/// written between the two reads does not list a registration twice). `row` gets the statement
/// on each, and whether it carries the record columns. Throws what the database throws.
void readDueRegistrations(sql::Connection& db, const DueRegistrationsQuery& query, int64_t nowMs,
                          int limit, std::optional<int64_t> createdSinceMs,
                          const std::function<void(sql::Statement& row, bool withRecord)>& row);

}  // namespace enp
