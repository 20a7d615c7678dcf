#include "main_util.h"

#include <pthread.h>
#include <signal.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fakes {
namespace {

sigset_t terminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

std::optional<std::string> CommandLine::get(const std::string& name) const {
  const auto it = values.find(name);
  return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
}

CommandLine parseCommandLine(int argc, char** argv, const std::set<std::string>& valueOptions,
                             const std::set<std::string>& flagOptions) {
  CommandLine line;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::optional<std::string> inlineValue;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
      inlineValue = arg.substr(eq + 1);
      arg.resize(eq);
    }
    if (flagOptions.contains(arg) && !inlineValue) {
      line.flags.insert(arg);
    } else if (valueOptions.contains(arg)) {
      if (!inlineValue && i + 1 >= argc) {
        return {false, arg + " needs a value", {}, {}};
      }
      line.values[arg] = inlineValue ? *inlineValue : argv[++i];
    } else {
      return {false, "unknown argument: " + arg, {}, {}};
    }
  }
  return line;
}

void blockTerminationSignals() {
  const sigset_t set = terminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int waitForTerminationSignal() {
  const sigset_t set = terminationSignals();
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

std::string readWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot open " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace fakes
