#include "postgres_server.h"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "free_port.h"

namespace testsupport {
namespace {

using Clock = std::chrono::steady_clock;

// The newest /usr/lib/postgresql/<version>/bin with initdb and postgres; "" when none.
std::string binDirectory() {
  std::string best;
  int bestVersion = -1;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string bin = entry.path().string() + "/bin";
    int version = 0;
    try {
      version = std::stoi(entry.path().filename().string());
    } catch (const std::exception&) {
      continue;
    }
    if (version > bestVersion && access((bin + "/initdb").c_str(), X_OK) == 0 &&
        access((bin + "/postgres").c_str(), X_OK) == 0) {
      best = bin;
      bestVersion = version;
    }
  }
  return best;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Who the cluster runs as: as root `nobody`/`nogroup` (PostgreSQL refuses to run as root);
// otherwise nobody is switched to (runAs stays false).
struct Account {
  bool switchTo = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

Account clusterAccount() {
  if (geteuid() != 0) {
    return {};
  }
  const passwd* pw = getpwnam("nobody");
  if (pw == nullptr) {
    throw std::runtime_error("running as root and there is no user nobody to run PostgreSQL as");
  }
  const group* g = getgrnam("nogroup");
  return {.switchTo = true, .uid = pw->pw_uid, .gid = g != nullptr ? g->gr_gid : pw->pw_gid};
}

// Starts `argv` as `account` in `directory`, its output appended to `logFile`. With
// `dieWithUs`, the child gets SIGQUIT (PostgreSQL's immediate shutdown) when this process dies,
// so a crashed test leaves no server behind.
pid_t spawn(const std::vector<std::string>& argv, const Account& account,
            const std::string& directory, const std::string& logFile, bool dieWithUs) {
  std::vector<char*> args;
  for (const std::string& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid > 0) {
    return pid;
  }
  // The child: only async-signal-safe calls from here on.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);  // a caller's blocked signals would be inherited
  const int in = ::open("/dev/null", O_RDONLY);
  const int out = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) {
    _exit(126);
  }
  if (account.switchTo &&
      (setgroups(0, nullptr) != 0 || setgid(account.gid) != 0 || setuid(account.uid) != 0)) {
    _exit(125);
  }
  if (dieWithUs) {
    prctl(PR_SET_PDEATHSIG, SIGQUIT);  // after setuid, which clears it
  }
  if (chdir(directory.c_str()) != 0) {
    _exit(124);
  }
  execv(args[0], args.data());
  _exit(127);
}

// Waits for `pid` until `deadline`; true when it exited (its status in `status`).
bool waitUntil(pid_t pid, Clock::time_point deadline, int& status) {
  while (true) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid || r < 0) {
      return true;
    }
    if (Clock::now() > deadline) {
      return false;
    }
    poll(nullptr, 0, 10);  // the next look; the condition is the process's exit
  }
}

}  // namespace

bool PostgresServer::installed() { return !binDirectory().empty(); }

PostgresServer::PostgresServer() : dir_("enp-postgres"), bin_(binDirectory()) {
  if (bin_.empty()) {
    throw std::runtime_error("PostgreSQL is not installed (scripts/setup.sh installs it)");
  }
  initCluster();
  // The port is free when chosen, but another process (tests run two at a time, each starting
  // servers) may bind it before postgres does: then another port.
  constexpr int kAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    port_ = freeLoopbackPort();
    if (start()) {
      break;
    }
    if (attempt == kAttempts) {
      throw std::runtime_error("postgres: every port chosen was taken before it bound it: " +
                               log());
    }
  }
  execute("CREATE ROLE " + passwordUser() + " LOGIN PASSWORD '" + passwordOf() + "'");
}

PostgresServer::~PostgresServer() {
  if (pid_ <= 0) {
    return;
  }
  // SIGINT is the fast shutdown (SIGTERM would wait for every client to leave); SIGQUIT the
  // immediate one; SIGKILL would leave the server's children behind.
  int status = 0;
  kill(pid_, SIGINT);
  if (waitUntil(pid_, Clock::now() + std::chrono::seconds(10), status)) {
    return;
  }
  kill(pid_, SIGQUIT);
  if (waitUntil(pid_, Clock::now() + std::chrono::seconds(5), status)) {
    return;
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
}

void PostgresServer::initCluster() {
  const Account account = clusterAccount();
  if (account.switchTo && chown(dir_.path().c_str(), account.uid, account.gid) != 0) {
    throw std::runtime_error("cannot chown " + dir_.path());
  }
  const std::string data = dir_.file("data");
  const pid_t pid = spawn({bin_ + "/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E",
                           "UTF8", "--locale=C", "--no-sync", "--no-instructions"},
                          account, dir_.path(), dir_.file("initdb.log"), false);
  int status = 0;
  if (!waitUntil(pid, Clock::now() + std::chrono::seconds(60), status)) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    throw std::runtime_error("initdb did not finish within 60 s: " +
                             readFile(dir_.file("initdb.log")));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("initdb failed (" + std::to_string(status) +
                             "): " + readFile(dir_.file("initdb.log")));
  }
  // The superuser without a password (the tests' own logins), everyone else with one.
  const std::string hba = data + "/pg_hba.conf";
  {
    std::ofstream out(hba, std::ios::trunc);
    out << "local all postgres trust\n"
        << "host all postgres 127.0.0.1/32 trust\n"
        << "local all all scram-sha-256\n"
        << "host all all 127.0.0.1/32 scram-sha-256\n";
  }
  if (account.switchTo && chown(hba.c_str(), account.uid, account.gid) != 0) {
    throw std::runtime_error("cannot chown " + hba);
  }
}

bool PostgresServer::start() {
  const size_t logBefore = log().size();  // the log is appended to: this start's part is after
  pid_ = spawn(
      {bin_ + "/postgres", "-D", dir_.file("data"), "-p", std::to_string(port_), "-k", dir_.path(),
       "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
       "full_page_writes=off", "-c", "shared_buffers=32MB", "-c", "max_connections=60"},
      clusterAccount(), dir_.path(), dir_.file("postgres.log"), true);
  // Ready when a login succeeds (pg_isready's question), or failed when postgres exits, or
  // after 30 s.
  const std::string conninfo = "host=127.0.0.1 port=" + std::to_string(port_) +
                               " user=postgres dbname=postgres connect_timeout=5";
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (PQping(conninfo.c_str()) != PQPING_OK) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      const std::string text = log();
      if (text.find("Address already in use", logBefore) != std::string::npos) {
        return false;
      }
      throw std::runtime_error("postgres exited at start: " + text);
    }
    if (Clock::now() > deadline) {
      throw std::runtime_error("postgres did not accept a login within 30 s: " + log());
    }
    poll(nullptr, 0, 10);  // the next attempt; the condition is a login accepted
  }
  return true;
}

std::string PostgresServer::url(const std::string& database, const std::string& user) const {
  return "postgresql://" + user + "@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PostgresServer::createDatabase(const std::string& name) {
  execute("CREATE DATABASE \"" + name + "\" OWNER " + passwordUser());
  return url(name);
}

void PostgresServer::execute(const std::string& sql, const std::string& database) {
  PGconn* c = PQconnectdb(url(database).c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot connect to the test cluster: " + message);
  }
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  const std::string message = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) {
    throw std::runtime_error(sql + ": " + message);
  }
}

std::string PostgresServer::log() const { return readFile(dir_.file("postgres.log")); }

}  // namespace testsupport
