#pragma once

// Runs the real `enp` binary as a child process for integration tests: a fresh data directory,
// listeners on loopback port 0, its log captured line by line so tests can wait for events
// (no sleeps) and read the bound ports.

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "enp/store/database.h"
#include "temp_dir.h"

namespace itest {

/// The result of running an enp CLI command to completion.
struct CommandResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

using testsupport::TempDir;

/// Path of the enp binary under test.
std::string enpBinary();

/// Runs `enp args...` and waits for it; stdin gets `input`.
CommandResult runEnp(const std::vector<std::string>& args, const std::string& input = "");

class Daemon {
 public:
  /// Writes <dir>/enp.conf (listeners on 127.0.0.1:0, data in <dir>/var, log level debug, plus
  /// `extraConfig` INI lines appended) — does not start. The database: PostgreSQL at
  /// `postgresUrl` when given (nodes sharing one), else a fresh PostgreSQL database when the
  /// tests run on PostgreSQL (ENP_TEST_BACKEND), else SQLite in the data directory.
  explicit Daemon(std::string dir, std::string extraConfig = "", std::string postgresUrl = "");
  ~Daemon();

  const std::string& configPath() const { return config_; }

  /// The daemon's database (its SQLite file or its PostgreSQL database), opened as a second
  /// client, for tests that change it behind the daemon's back; throws std::runtime_error.
  std::unique_ptr<enp::Database> openDatabase() const;
  /// Runs `sql` (no parameters) on that database; throws std::runtime_error.
  void execSql(const std::string& sql) const;
  std::string dataDir() const { return dir_ + "/var"; }

  /// Starts `enp serve` and waits for its "ready:" log line; false (with the log) on failure.
  bool start(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  /// SIGTERM and wait for exit; returns the exit code.
  int stop();
  /// SIGKILL: a crash.
  void kill9();

  pid_t pid() const { return pid_; }
  std::string publicBase() const { return "http://" + public_; }
  std::string adminBase() const { return "https://" + admin_; }

  /// Blocks until at least `count` log lines (from this start on) contain `needle`.
  bool waitForLog(const std::string& needle, size_t count, std::chrono::milliseconds timeout);
  size_t countLog(const std::string& needle);
  std::string log();

 private:
  void readLoop(int fd);

  const std::string dir_;
  std::string config_;
  std::string postgresUrl_;
  pid_t pid_ = -1;
  std::thread reader_;
  std::string public_, admin_;

  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;  // GUARDED_BY(mutex_)
  bool eof_ = false;                // GUARDED_BY(mutex_)
};

}  // namespace itest
