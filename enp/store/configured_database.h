#pragma once

// The database enp.conf's [storage] names, opened and migrated.

#include <memory>

#include "enp/config/bootstrap.h"
#include "enp/store/database.h"

namespace enp {

/// backend = sqlite: the file <data_dir>/enp.db (created if needed; the directory must exist).
/// backend = postgresql: storage.url, with the password read from storage.password_file (its
/// first line) when set, else libpq's PGPASSWORD or passfile. Errors as Database::open and
/// openPostgres give them; an unreadable password file is kInvalid naming the file.
Result<std::unique_ptr<Database>> openConfiguredDatabase(const BootstrapConfig& config);

/// A PostgreSQL password from its file: the first line (without a trailing CR). kInvalid
/// "<path>: <reason>" when it cannot be read or the line is empty; the password is never in a
/// message.
Result<std::string> readPasswordFile(const std::string& path);

}  // namespace enp
