#include <iostream>
#include <string>

#include "enp/admin/auth/initial_admin.h"
#include "enp/admin/auth/password.h"
#include "enp/cli/commands.h"
#include "enp/cli/common_options.h"
#include "enp/cli/options.h"
#include "enp/common/clock.h"
#include "enp/store/admin_user_store.h"
#include "enp/store/audit_store.h"

namespace enp::cli {
namespace {

constexpr const char* kUsage =
    "usage: enp admin set-password [--user NAME] [--config PATH]   (new password on stdin)\n";

}  // namespace

int adminCommand(const Args& args, std::istream& in, std::ostream& out, std::ostream& err) {
  Options opts({"config", "user"}, {"help"});
  if (Status parsed = opts.parse(args); !parsed.ok()) {
    err << "enp admin: " << parsed.message() << "\n" << kUsage;
    return 2;
  }
  if (opts.has("help")) {
    out << kUsage
        << "Sets the console password of a user (default admin), creating the user when needed. "
           "Reads one line from stdin; at least "
        << admin::kMinPasswordLength
        << " characters. The user is not asked to change it at the next login.\n"
           "A running daemon keeps its open sessions.\n";
    return 0;
  }
  if (opts.positional() != std::vector<std::string>{"set-password"}) {
    err << "enp admin: expected `set-password`\n" << kUsage;
    return 2;
  }
  const std::string user = opts.get("user", admin::kInitialAdminUser);
  if (user.empty() || user.size() > 64 || user.find_first_of(" \t\r\n") != std::string::npos) {
    err << "enp admin: --user: expected a name without spaces (at most 64 characters)\n";
    return 2;
  }
  std::string password;
  std::getline(in, password);
  if (!password.empty() && password.back() == '\r') {
    password.pop_back();
  }
  std::string problem = admin::checkPasswordRules(password);
  if (!problem.empty()) {
    err << "enp admin set-password: " << problem << "\n";
    return 1;
  }
  BootstrapConfig config;
  int exitCode = 0;
  auto db = loadConfigAndDatabase(opts.get("config"), &config, err, &exitCode);
  if (!db) {
    return exitCode;
  }
  std::string hash = admin::hashPassword(password);
  if (hash.empty()) {
    err << "enp admin set-password: could not hash the password\n";
    return 1;
  }
  SystemClock clock;
  AdminUserStore users(*db);
  const Result<AdminUser> existing = users.find(user);
  Status saved = existing.ok() || existing.error().code() == StatusCode::kNotFound
                     ? users.upsert(user, hash, false, clock.nowMs())
                     : existing.error();
  if (saved.ok()) {
    saved = AuditStore(*db).record({0, clock.nowMs(), "cli",
                                    existing.ok() ? "user.password" : "user.create", user,
                                    R"({"via":"enp admin set-password"})"});
  }
  if (!saved.ok()) {
    err << "enp admin set-password: " << saved.message() << "\n";
    return 1;
  }
  if (user == admin::kInitialAdminUser) {
    admin::removeInitialPasswordFile(config.dataDir);
  }
  out << "password set for " << user << "\n";
  return 0;
}

}  // namespace enp::cli
