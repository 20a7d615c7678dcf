#pragma once

// Shared by the fake-exchange, fake-graph and fake-cns programs: option parsing and waiting for
// SIGTERM.

#include <map>
#include <optional>
#include <set>
#include <string>

namespace fakes {

/// "--name value" options and "--flag" switches. Unknown names or a missing value make ok false
/// with error set.
struct CommandLine {
  bool ok = true;
  std::string error;
  std::map<std::string, std::string> values;
  std::set<std::string> flags;

  std::optional<std::string> get(const std::string& name) const;
  bool has(const std::string& flag) const { return flags.contains(flag); }
};

CommandLine parseCommandLine(int argc, char** argv, const std::set<std::string>& valueOptions,
                             const std::set<std::string>& flagOptions);

/// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts later; call at
/// the top of main, before any server thread exists.
void blockTerminationSignals();

/// Waits for SIGINT or SIGTERM (blocked by blockTerminationSignals) and returns it.
int waitForTerminationSignal();

/// The whole file; throws std::runtime_error.
std::string readWholeFile(const std::string& path);

}  // namespace fakes
