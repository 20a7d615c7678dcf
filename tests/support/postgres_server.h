#pragma once

// A throw-away PostgreSQL cluster (Debian's `postgresql`) for the tests: `initdb` into a
// temporary directory, then `postgres` on a free loopback port with its socket in that
// directory: no system paths, no system service. Durability is off (fsync, synchronous_commit):
// the cluster dies with the test.
//
//   static std::unique_ptr<testsupport::PostgresServer> server;     // one per test binary
//   void SetUpTestSuite() { server = std::make_unique<testsupport::PostgresServer>(); }
//   std::string url = server->createDatabase("events_test");        // postgresql://postgres@...
//
// The superuser `postgres` logs in without a password (trust on 127.0.0.1); the role
// passwordUser() needs passwordOf() (scram-sha-256), for the password tests. As root (CI) the
// cluster runs as `nobody` (PostgreSQL refuses root); as another user, as that user. The
// server gets SIGQUIT when the thread that started it ends (PR_SET_PDEATHSIG), so a test that
// crashes leaves no server behind: start it from the main thread (SetUpTestSuite does).
// Stand-alone: build/tests/support/postgres-test-server --help.

#include <cstdint>
#include <string>

#include "temp_dir.h"

namespace testsupport {

class PostgresServer {
 public:
  /// Creates the cluster, starts it and waits (at most 30 s) until it accepts a login; throws
  /// std::runtime_error with its log when it does not.
  PostgresServer();
  /// Stops it (SIGINT: fast shutdown; SIGQUIT, then SIGKILL after 10 s) and removes its files.
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  /// True when initdb and postgres are installed (scripts/setup.sh installs them).
  static bool installed();

  uint16_t port() const { return port_; }
  /// postgresql://USER@127.0.0.1:PORT/DATABASE (the superuser by default).
  std::string url(const std::string& database = "postgres",
                  const std::string& user = "postgres") const;
  /// Creates `name` (owned by the password role too, so both can use it) and returns its url().
  std::string createDatabase(const std::string& name);
  /// Runs SQL as the superuser in `database`; throws with the server's message on failure.
  void execute(const std::string& sql, const std::string& database = "postgres");

  static std::string passwordUser() { return "enp"; }
  static std::string passwordOf() { return "enp-Pa55word"; }

  /// The server's log so far.
  std::string log() const;
  const std::string& directory() const { return dir_.path(); }

 private:
  void initCluster();
  /// Starts postgres on port_; false when it exits because another process holds the port.
  bool start();

  TempDir dir_;
  std::string bin_;  // /usr/lib/postgresql/<version>/bin
  uint16_t port_ = 0;
  int pid_ = -1;
};

}  // namespace testsupport
