#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace enp::cli {

/// Each command gets the arguments after its name and returns the process exit code:
/// 0 success, 1 failure, 2 bad usage (with a clear message on err).
using Args = std::vector<std::string>;

int serveCommand(const Args& args, std::ostream& out, std::ostream& err);
int checkConfigCommand(const Args& args, std::ostream& out, std::ostream& err);
int settingsCommand(const Args& args, std::ostream& out, std::ostream& err);
int rulesCommand(const Args& args, std::ostream& out, std::ostream& err);
int ewsCommand(const Args& args, std::ostream& out, std::ostream& err);
/// `enp graph test [--mailbox ADDRESS]`: signs in to the Graph tenants (reads the Inbox).
int graphCommand(const Args& args, std::ostream& out, std::ostream& err);
/// `enp alerts test [--to ADDRESS]`: a test mail through the stored alert settings.
int alertsCommand(const Args& args, std::ostream& out, std::ostream& err);
/// `enp admin set-password [--user NAME]`: the new password is read from `in`.
int adminCommand(const Args& args, std::istream& in, std::ostream& out, std::ostream& err);
/// `enp users list|add|passwd|role|enable|disable|totp-off|remove`: passwords read from `in`.
/// `enp backup --out FILE`: the database (online copy) and data key in one archive.
int backupCommand(const Args& args, std::ostream& out, std::ostream& err);
/// `enp restore --from FILE --data-dir DIR [--replace]`: verified, then put in place.
int restoreCommand(const Args& args, std::ostream& out, std::ostream& err);
/// `enp storage migrate|verify --from sqlite:PATH --to postgresql:URL`: SQLite to PostgreSQL.
int storageCommand(const Args& args, std::ostream& out, std::ostream& err);
int usersCommand(const Args& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace enp::cli
