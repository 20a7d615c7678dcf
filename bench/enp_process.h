#pragma once

// The real `enp serve` as a child process for benchmarks: a fresh data directory, listeners on
// 127.0.0.1:0, log level warn (one line per event at info would be part of the measurement),
// settings imported with `enp settings import`, and the CPU time the process used.

#include <sys/types.h>

#include <string>

#include "temp_dir.h"

namespace bench {

using testsupport::TempDir;

struct EnpProcessOptions {
  std::string binary;        ///< Path of the enp executable.
  std::string settingsJson;  ///< Imported before the start.
  /// [pipeline] max_in_flight; 0: not written (ENP's own default, and the only way to run a
  /// build older than the setting, which refuses unknown keys).
  int maxInFlight = 1024;
  std::string extraConfig;  ///< INI lines appended to enp.conf.
};

class EnpProcess {
 public:
  explicit EnpProcess(EnpProcessOptions options);
  ~EnpProcess();  ///< SIGKILL if still running.
  EnpProcess(const EnpProcess&) = delete;
  EnpProcess& operator=(const EnpProcess&) = delete;

  /// Before start(): this node uses `other`'s data key (nodes sharing a database share it: the
  /// callback tokens are derived from it).
  void shareDataKeyOf(const EnpProcess& other) { dataKeyFrom_ = other.dataDir() + "/enp.key"; }

  /// Writes enp.conf, imports the settings, starts `enp serve` (stderr to <dir>/enp.log) and
  /// waits for <data_dir>/ports. False with a message on failure.
  bool start(std::string* error);
  /// SIGTERM and wait; the exit code.
  int stop();

  /// POST /api/v1/registrations; the callbackUrl, or empty with a message.
  std::string registerMailbox(const std::string& mailbox, const std::string& registrationKey,
                              std::string* error);

  /// POST /api/v1/registrations with `body` as is; the answer's body when 201, else empty
  /// with a message.
  std::string postRegistration(const std::string& body, const std::string& registrationKey,
                               std::string* error);
  /// GET https://<admin>/metrics (the admin listener's self-signed certificate not verified);
  /// the Prometheus text, empty on failure.
  std::string metrics() const;

  /// User + system CPU seconds the process has used so far (/proc/<pid>/stat).
  double cpuSeconds() const;
  /// Peak resident set size in MB so far (VmHWM in /proc/<pid>/status).
  double peakRssMb() const;
  /// Resident set size in MB now (VmRSS).
  double rssMb() const;
  /// The process's threads now (Threads in /proc/<pid>/status).
  int threads() const;
  /// Starts a new peak (Linux: "5" to /proc/<pid>/clear_refs): what comes before the measured
  /// window (the first start's password hashing, the registrations) does not count.
  void resetPeakRss() const;
  pid_t pid() const { return pid_; }
  const std::string& publicAddress() const { return public_; }
  std::string dataDir() const { return dir_.path() + "/var"; }
  std::string logTail(size_t bytes = 2000) const;

 private:
  const EnpProcessOptions options_;
  TempDir dir_{"enp-bench"};
  pid_t pid_ = -1;
  std::string public_;  ///< host:port
  std::string admin_;   ///< host:port (HTTPS)
  std::string dataKeyFrom_;
};

}  // namespace bench
