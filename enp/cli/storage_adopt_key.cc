#include "enp/cli/storage_adopt_key.h"

#include <ostream>

#include "enp/cli/common_options.h"
#include "enp/cli/options.h"
#include "enp/common/clock.h"
#include "enp/common/data_dir_lock.h"
#include "enp/common/data_key.h"
#include "enp/store/audit_store.h"
#include "enp/store/data_key_check_store.h"

namespace enp::cli {
namespace {

constexpr const char* kCommand = "enp storage adopt-key";
constexpr const char* kUsage = "usage: enp storage adopt-key [--config PATH]\n";
constexpr const char* kHelp =
    "Makes the data key of this node (<data_dir>/enp.key, created when missing) the database's.\n"
    "ENP refuses to start with another key than the one its database was set up with; when\n"
    "that key is lost for good (no node and no backup holds it), this lets ENP start again.\n"
    "What the old key sealed is lost: mail-account passwords stored before must be set again\n"
    "(ENP reports them as failing until then), and the subscriptions ENP made get new callback\n"
    "URLs when they are made again. Run it with ENP stopped on this node, then give every node\n"
    "this enp.key. Prefer copying the old enp.key back when any node or backup still has it.\n";

}  // namespace

int adoptKeyCommand(const Args& args, std::ostream& out, std::ostream& err) {
  Options opts({"config"}, {"help"});
  if (Status parsed = opts.parse(args); !parsed.ok()) {
    err << kCommand << ": " << parsed.message() << "\n" << kUsage;
    return 2;
  }
  if (opts.has("help")) {
    out << kUsage << kHelp;
    return 0;
  }
  if (!opts.positional().empty()) {
    err << kCommand << ": unexpected argument '" << opts.positional()[0] << "'\n" << kUsage;
    return 2;
  }
  BootstrapConfig config;
  int exitCode = 0;
  auto db = loadConfigAndDatabase(opts.get("config"), &config, err, &exitCode);
  if (!db) {
    return exitCode;
  }
  Result<DataDirLock> lock = DataDirLock::acquire(config.dataDir);
  if (!lock.ok()) {
    err << kCommand << ": " << lock.error().message() << " (stop ENP on this node first)\n";
    return 1;
  }
  const std::string keyPath = config.dataDir + "/enp.key";
  const Result<DataKey> key = DataKey::loadOrCreate(keyPath);
  if (!key.ok()) {
    err << kCommand << ": " << key.error().message() << "\n";
    return 1;
  }
  SystemClock clock;
  const Result<bool> changed = DataKeyCheckStore(*db).adopt(key->fingerprint(), clock.nowMs());
  if (!changed.ok()) {
    err << kCommand << ": " << changed.error().message() << "\n";
    return 1;
  }
  if (!*changed) {
    out << keyPath << " is the database's data key already: nothing changed\n";
    return 0;
  }
  const Status audited =
      AuditStore(*db).record({0, clock.nowMs(), "cli", "storage.adopt-key", "", "{}"});
  if (!audited.ok()) {
    err << kCommand << ": the key was adopted but not audited: " << audited.message() << "\n";
  }
  out << "The database " << db->where() << " now belongs to the data key " << keyPath
      << ".\nSet the stored mail-account passwords again (console, Mail accounts) and give "
         "every node this enp.key.\n";
  return 0;
}

}  // namespace enp::cli
