// enp: the Email+ Notification Proxy. One binary; the first argument names the command.
#include <Poco/Net/SSLManager.h>

#include <iostream>

#include "enp/cli/commands.h"
#include "enp/common/version.h"
#include "ews/transport.h"

namespace {

constexpr const char* kUsage =
    "usage: enp <command> [options]\n"
    "commands:\n"
    "  serve [--config PATH]                 run the daemon in the foreground\n"
    "  check-config [--config PATH]          validate the bootstrap file and stored settings\n"
    "  settings export [--with-secrets] FILE all settings as JSON (- = stdout)\n"
    "  settings import FILE                  validate, then replace the settings\n"
    "  rules explain --policy P --mail M --at RFC3339\n"
    "  ews test --mailbox ADDRESS            check service account, impersonation, GetItem\n"
    "  graph test [--mailbox ADDRESS]        check a Graph tenant's sign-in and Inbox access\n"
    "  alerts test [--to ADDRESS]            send a test alert mail, say how it went\n"
    "  admin set-password [--user NAME]      set a console password (read from stdin)\n"
    "  users list|add|passwd|role|remove ... console users and their roles\n"
    "  backup --out FILE                     a backup of the running installation (0600)\n"
    "  restore --from FILE --data-dir DIR    restore a backup into a new or stopped data dir\n"
    "  storage migrate --from sqlite:PATH --to postgresql:URL\n"
    "                                        move the installation to PostgreSQL, verified\n"
    "  storage verify --from sqlite:PATH --to postgresql:URL\n"
    "                                        compare the two databases table by table\n"
    "  storage adopt-key                     make this node's enp.key the database's (key lost)\n"
    "  version\n"
    "Each command has --help.\n";

}  // namespace

int main(int argc, char** argv) {
  // Before any thread starts (libcurl and OpenSSL global state).
  ews::curlGlobalInit();
  Poco::Net::initializeSSL();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  using namespace enp::cli;
  if (command == "serve") return serveCommand(args, std::cout, std::cerr);
  if (command == "check-config") return checkConfigCommand(args, std::cout, std::cerr);
  if (command == "settings") return settingsCommand(args, std::cout, std::cerr);
  if (command == "rules") return rulesCommand(args, std::cout, std::cerr);
  if (command == "ews") return ewsCommand(args, std::cout, std::cerr);
  if (command == "graph") return graphCommand(args, std::cout, std::cerr);
  if (command == "alerts") return alertsCommand(args, std::cout, std::cerr);
  if (command == "admin") return adminCommand(args, std::cin, std::cout, std::cerr);
  if (command == "users") return usersCommand(args, std::cin, std::cout, std::cerr);
  if (command == "backup") return backupCommand(args, std::cout, std::cerr);
  if (command == "restore") return restoreCommand(args, std::cout, std::cerr);
  if (command == "storage") return storageCommand(args, std::cout, std::cerr);
  if (command == "version" || command == "--version") {
    std::cout << "enp " << enp::version() << "\n";
    return 0;
  }
  std::cerr << "enp: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
