// `enp storage migrate` and `enp storage verify`: a single-node installation's SQLite database
// moved to PostgreSQL, table by table, and checked (enp/store/transfer/, docs/postgresql.md).
// `enp storage adopt-key` is dispatched from here to storage_adopt_key.cc.
#include <unistd.h>

#include <iostream>
#include <optional>

#include "enp/cli/commands.h"
#include "enp/cli/options.h"
#include "enp/cli/storage_adopt_key.h"
#include "enp/common/data_dir_lock.h"
#include "enp/store/configured_database.h"
#include "enp/store/database.h"
#include "enp/store/transfer/database_move.h"

namespace enp::cli {
namespace {

constexpr const char* kUsage =
    "usage: enp storage migrate --from sqlite:PATH --to postgresql:URL [--password-file FILE]\n"
    "       enp storage verify  --from sqlite:PATH --to postgresql:URL [--password-file FILE]\n"
    "       enp storage adopt-key [--config PATH]   (enp storage adopt-key --help)\n";
constexpr const char* kHelp =
    "migrate moves a single-node installation to PostgreSQL: it opens the SQLite database\n"
    "PATH (<data_dir>/enp.db; migrated to this ENP's schema first when older), applies the\n"
    "schema to the PostgreSQL database URL, which must hold no ENP data yet, copies every\n"
    "table in primary-key order, then verifies each one (row count and a SHA-256 over its rows\n"
    "on both sides). It exits 0 only when every table is the same on both sides.\n"
    "verify runs that check alone.\n"
    "Run it with ENP stopped: it refuses while an ENP runs on PATH's data directory.\n"
    "The password is never part of URL: --password-file FILE (its first line), else\n"
    "PGPASSWORD or a libpq passfile. URL is a libpq URI (postgresql://user@host/db?...) or\n"
    "key=value string.\n"
    "Afterwards point enp.conf at PostgreSQL ([storage] backend = postgresql, url,\n"
    "password_file) and give every node the data key <data_dir>/enp.key of this installation.\n";

struct Endpoints {
  std::string sqlitePath;
  std::string postgresUrl;
  std::string password;
};

// `postgresql:URL`; a URL that itself starts with postgresql:// (or postgres://) is taken as
// it is.
std::optional<std::string> postgresUrlOf(const std::string& to) {
  for (const char* scheme : {"postgresql://", "postgres://"}) {
    if (to.rfind(scheme, 0) == 0) {
      return to;
    }
  }
  const std::string prefix = "postgresql:";
  if (to.rfind(prefix, 0) == 0 && to.size() > prefix.size()) {
    return to.substr(prefix.size());
  }
  return std::nullopt;
}

std::string directoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) {
    return ".";
  }
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The options, or the exit code 2 after a message on err.
std::optional<Endpoints> parseEndpoints(const Options& opts, const std::string& command,
                                        std::ostream& err) {
  const std::string from = opts.get("from");
  const std::string sqlitePrefix = "sqlite:";
  if (from.rfind(sqlitePrefix, 0) != 0 || from.size() == sqlitePrefix.size()) {
    err << command << ": --from sqlite:PATH names the SQLite database (<data_dir>/enp.db)\n"
        << kUsage;
    return std::nullopt;
  }
  const std::optional<std::string> url = postgresUrlOf(opts.get("to"));
  if (!url) {
    err << command << ": --to postgresql:URL names the PostgreSQL database\n" << kUsage;
    return std::nullopt;
  }
  Endpoints endpoints{from.substr(sqlitePrefix.size()), *url, ""};
  if (opts.has("password-file")) {
    Result<std::string> password = readPasswordFile(opts.get("password-file"));
    if (!password.ok()) {
      err << command << ": --password-file " << password.error().message() << "\n";
      return std::nullopt;
    }
    endpoints.password = std::move(*password);
  }
  return endpoints;
}

struct Opened {
  DataDirLock lock;
  std::unique_ptr<Database> source;
  std::unique_ptr<Database> target;
};

// Both databases, the source's data directory locked; nullopt after a message on err.
std::optional<Opened> openBoth(const Endpoints& endpoints, const std::string& command,
                               std::ostream& out, std::ostream& err) {
  const std::string& path = endpoints.sqlitePath;
  if (::access(path.c_str(), F_OK) != 0) {
    err << command << ": " << path << " does not exist (--from names <data_dir>/enp.db)\n";
    return std::nullopt;
  }
  Result<DataDirLock> lock = DataDirLock::acquire(directoryOf(path));
  if (!lock.ok()) {
    err << command << ": " << lock.error().message()
        << (lock.error().code() == StatusCode::kConflict
                ? " (run it with ENP stopped: the database must not change meanwhile)"
                : "")
        << "\n";
    return std::nullopt;
  }
  const Result<int> before = Database::verifyFile(path);
  if (!before.ok()) {
    err << command << ": " << path << ": " << before.error().message() << "\n";
    return std::nullopt;
  }
  // The target first: one that cannot be reached leaves the source as it was.
  Result<std::unique_ptr<Database>> target =
      Database::openPostgres(endpoints.postgresUrl, endpoints.password);
  if (!target.ok()) {
    err << command << ": " << target.error().message() << "\n";
    return std::nullopt;
  }
  Result<std::unique_ptr<Database>> source = Database::open(path);
  if (!source.ok()) {
    err << command << ": " << source.error().message() << "\n";
    return std::nullopt;
  }
  out << command << ": source " << path << " (schema " << (*source)->schemaVersion() << ")\n";
  if (*before != (*source)->schemaVersion()) {
    out << command << ": the SQLite database was at schema " << *before
        << "; it was migrated to schema " << (*source)->schemaVersion() << " first\n";
  }
  out << command << ": target " << (*target)->where() << " (schema " << (*target)->schemaVersion()
      << ")\n";
  return Opened{std::move(*lock), std::move(*source), std::move(*target)};
}

// Prints the verdict; the exit code.
int verify(Opened& dbs, const std::string& command, std::ostream& out, std::ostream& err) {
  out << "verifying (rows and SHA-256 of each table, on both sides):\n";
  Result<std::vector<transfer::TableCheck>> checks =
      transfer::verifyDatabase(*dbs.source, *dbs.target, out);
  if (!checks.ok()) {
    err << command << ": " << checks.error().message() << "\n";
    return 1;
  }
  std::string different;
  int64_t rows = 0;
  for (const transfer::TableCheck& check : *checks) {
    rows += check.source.rows;
    if (!check.matches()) {
      different += (different.empty() ? "" : ", ") + check.table;
    }
  }
  if (!different.empty()) {
    err << command << ": the target differs from the source in: " << different << "\n";
    return 1;
  }
  out << command << ": " << checks->size() << " tables, " << rows
      << " rows, the same on both sides\n";
  return 0;
}

int migrate(const Endpoints& endpoints, std::ostream& out, std::ostream& err) {
  const std::string command = "enp storage migrate";
  std::optional<Opened> dbs = openBoth(endpoints, command, out, err);
  if (!dbs) {
    return 1;
  }
  Result<std::vector<std::string>> holding = transfer::tablesWithRows(*dbs->source, *dbs->target);
  if (!holding.ok()) {
    err << command << ": " << holding.error().message() << "\n";
    return 1;
  }
  if (!holding->empty()) {
    std::string names;
    for (const std::string& name : *holding) {
      names += (names.empty() ? "" : ", ") + name;
    }
    err << command << ": refused: the target already holds ENP data (rows in " << names
        << "); migrate into a new, empty database\n";
    return 1;
  }
  out << "copying:\n";
  if (Status copied = transfer::copyDatabase(*dbs->source, *dbs->target, out); !copied.ok()) {
    err << command << ": " << copied.message()
        << "\nThe target now holds part of the data: drop and create it again before the next "
           "attempt.\n";
    return 1;
  }
  const int verdict = verify(*dbs, command, out, err);
  if (verdict == 0) {
    out << "Next: in enp.conf set [storage] backend = postgresql, url = " << dbs->target->where()
        << " (and password_file); give every node this installation's data key "
        << directoryOf(endpoints.sqlitePath) << "/enp.key.\n";
  }
  return verdict;
}

}  // namespace

int storageCommand(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    (args.empty() ? err : out) << kUsage << (args.empty() ? "" : kHelp);
    return args.empty() ? 2 : 0;
  }
  const std::string sub = args[0];
  if (sub == "adopt-key") {
    return adoptKeyCommand(Args(args.begin() + 1, args.end()), out, err);
  }
  if (sub != "migrate" && sub != "verify") {
    err << "enp storage: unknown command '" << sub << "'\n" << kUsage;
    return 2;
  }
  const std::string command = "enp storage " + sub;
  Options opts({"from", "to", "password-file"}, {"help"});
  if (Status parsed = opts.parse(Args(args.begin() + 1, args.end())); !parsed.ok()) {
    err << command << ": " << parsed.message() << "\n" << kUsage;
    return 2;
  }
  if (opts.has("help")) {
    out << kUsage << kHelp;
    return 0;
  }
  if (!opts.positional().empty()) {
    err << command << ": unexpected argument '" << opts.positional()[0] << "'\n" << kUsage;
    return 2;
  }
  std::optional<Endpoints> endpoints = parseEndpoints(opts, command, err);
  if (!endpoints) {
    return 2;
  }
  if (sub == "migrate") {
    return migrate(*endpoints, out, err);
  }
  std::optional<Opened> dbs = openBoth(*endpoints, command, out, err);
  return dbs ? verify(*dbs, command, out, err) : 1;
}

}  // namespace enp::cli
