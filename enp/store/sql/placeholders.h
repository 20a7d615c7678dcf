#pragma once

// SQLite's parameters (`?`, `?N`) as PostgreSQL's (`$N`), outside quoted text and comments.

#include <string>

namespace enp::sql {

/// `sql` with each `?N` written `$N` and each bare `?` numbered after the largest number so
/// far (SQLite's rule); `?` inside '...', "..." and -- comments stays. `*count` (when given)
/// is the largest parameter number: how many values the statement takes.
std::string postgresPlaceholders(const std::string& sql, int* count = nullptr);

}  // namespace enp::sql
