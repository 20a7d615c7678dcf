// `enp users`: console users and their roles from the server's shell, for when nobody can log
// in (the last admin locked out, a lost phone) and for scripts. Audited as "cli".
#include <iomanip>
#include <iostream>
#include <set>
#include <string>

#include "enp/admin/auth/password.h"
#include "enp/admin/handlers/labels.h"
#include "enp/cli/commands.h"
#include "enp/cli/common_options.h"
#include "enp/cli/options.h"
#include "enp/common/clock.h"
#include "enp/store/admin_user_store.h"
#include "enp/store/audit_store.h"

namespace enp::cli {
namespace {

constexpr const char* kUsage =
    "usage: enp users list [--config PATH]\n"
    "       enp users add NAME --role admin|operator|helpdesk   (first password on stdin)\n"
    "       enp users passwd NAME                    (new password on stdin)\n"
    "       enp users role NAME admin|operator|helpdesk\n"
    "       enp users enable|disable NAME\n"
    "       enp users totp-off NAME                  (removes the second factor)\n"
    "       enp users remove NAME\n";

constexpr const char* kHelp =
    "Console users and their roles: admin (everything), operator (reads everything, changes no\n"
    "settings, sees no secret), helpdesk (registrations and their decision traces). Passwords\n"
    "given here (at least 12 characters, one line on stdin) must be changed at the next login;\n"
    "`enp admin set-password` sets one without that. At least one enabled admin always stays.\n"
    "Changes apply to a running daemon at once (its sessions of a removed or disabled user\n"
    "end). Every change is in the audit log, by \"cli\".\n";

Result<std::string> readPassword(std::istream& in) {
  std::string password;
  std::getline(in, password);
  if (!password.empty() && password.back() == '\r') {
    password.pop_back();
  }
  if (const std::string problem = admin::checkPasswordRules(password); !problem.empty()) {
    return Status::invalid(problem);
  }
  std::string hash = admin::hashPassword(password);
  if (hash.empty()) {
    return Status::internal("could not hash the password");
  }
  return hash;
}

Result<AdminRole> roleArg(const std::string& text) {
  const std::optional<AdminRole> role = parseRole(text);
  if (!role) {
    return Status::invalid("role: one of admin, operator or helpdesk, got '" + text + "'");
  }
  return *role;
}

int list(AdminUserStore& users, std::ostream& out, std::ostream& err) {
  const Result<std::vector<AdminUser>> all = users.list();
  if (!all.ok()) {
    err << "enp users list: " << all.error().message() << "\n";
    return 1;
  }
  out << std::left << std::setw(24) << "NAME" << std::setw(10) << "ROLE" << std::setw(10) << "STATE"
      << "SECOND FACTOR\n";
  for (const auto& u : *all) {
    out << std::setw(24) << u.name << std::setw(10) << roleName(u.role) << std::setw(10)
        << (u.disabled ? "disabled" : "enabled") << (u.totpEnabled ? "on" : "off") << "\n";
  }
  return 0;
}

}  // namespace

int usersCommand(const Args& args, std::istream& in, std::ostream& out, std::ostream& err) {
  Options opts({"config", "role"}, {"help"});
  if (Status parsed = opts.parse(args); !parsed.ok()) {
    err << "enp users: " << parsed.message() << "\n" << kUsage;
    return 2;
  }
  if (opts.has("help")) {
    out << kUsage << kHelp;
    return 0;
  }
  const std::vector<std::string>& pos = opts.positional();
  const std::string action = pos.empty() ? "" : pos[0];
  const size_t want = action == "list" ? 1 : action == "role" ? 3 : 2;
  static const std::set<std::string> kActions = {"list",   "add",     "passwd",   "role",
                                                 "enable", "disable", "totp-off", "remove"};
  if (kActions.count(action) == 0 || pos.size() != want) {
    err << "enp users: expected one of list, add, passwd, role, enable, disable, totp-off, "
           "remove with its arguments\n"
        << kUsage;
    return 2;
  }
  const std::string name = pos.size() > 1 ? pos[1] : "";
  if (action != "list") {
    if (Status ok = admin::checkLabel(name, "NAME"); !ok.ok()) {
      err << "enp users " << action << ": " << ok.message() << "\n";
      return 2;
    }
  }
  Result<AdminRole> role = AdminRole::kHelpdesk;
  if (action == "add" || action == "role") {
    role = roleArg(action == "add" ? opts.get("role") : pos[2]);
    if (!role.ok()) {
      err << "enp users " << action << ": " << role.error().message() << "\n";
      return 2;
    }
  }
  BootstrapConfig config;
  int exitCode = 0;
  auto db = loadConfigAndDatabase(opts.get("config"), &config, err, &exitCode);
  if (!db) {
    return exitCode;
  }
  AdminUserStore users(*db);
  if (action == "list") {
    return list(users, out, err);
  }
  SystemClock clock;
  const int64_t now = clock.nowMs();
  Status done;
  std::string audited = "user.update", details = "{\"via\":\"enp users " + action + "\"}";
  if (action == "add" || action == "passwd") {
    const Result<std::string> hash = readPassword(in);
    if (!hash.ok()) {
      err << "enp users " << action << ": " << hash.error().message() << "\n";
      return 1;
    }
    if (action == "add") {
      done = users.create(name, *hash, *role, true, now);
      audited = "user.create";
      details = std::string("{\"via\":\"enp users add\",\"role\":\"") + roleName(*role) + "\"}";
    } else {
      const Result<AdminUser> existing = users.find(name);
      done = existing.ok() ? users.upsert(name, *hash, true, now) : existing.error();
      audited = "user.password-reset";
    }
  } else if (action == "role") {
    done = users.setRole(name, *role, now);
    details = std::string("{\"via\":\"enp users role\",\"role\":\"") + roleName(*role) + "\"}";
  } else if (action == "enable" || action == "disable") {
    done = users.setDisabled(name, action == "disable", now);
  } else if (action == "totp-off") {
    done = users.clearTotp(name, now);
    audited = "user.totp-reset";
  } else {
    done = users.remove(name);
    audited = "user.delete";
  }
  if (done.ok()) {
    done = AuditStore(*db).record({0, now, "cli", audited, name, details});
  }
  if (!done.ok()) {
    err << "enp users " << action << ": " << done.message() << "\n";
    return 1;
  }
  out << "enp users " << action << ": done for " << name << "\n";
  return 0;
}

}  // namespace enp::cli
