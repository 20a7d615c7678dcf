#include "daemon.h"

#include <Poco/File.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "temp_database.h"

namespace itest {

std::string enpBinary() { return std::string(ENP_BINARY_DIR) + "/enp/enp"; }

CommandResult runEnp(const std::vector<std::string>& args, const std::string& input) {
  Poco::Pipe inPipe, outPipe, errPipe;
  Poco::Process::Args a(args.begin(), args.end());
  auto handle = Poco::Process::launch(enpBinary(), a, &inPipe, &outPipe, &errPipe);
  {
    Poco::PipeOutputStream in(inPipe);
    in << input;
  }
  inPipe.close();
  CommandResult r;
  // stderr on its own thread so neither pipe can fill up and block the child.
  std::thread errThread([&] {
    Poco::PipeInputStream err(errPipe);
    Poco::StreamCopier::copyToString(err, r.err);
  });
  Poco::PipeInputStream out(outPipe);
  Poco::StreamCopier::copyToString(out, r.out);
  errThread.join();
  r.exitCode = handle.wait();
  return r;
}

Daemon::Daemon(std::string dir, std::string extraConfig, std::string postgresUrl)
    : dir_(std::move(dir)) {
  config_ = dir_ + "/enp.conf";
  std::ofstream f(config_);
  f << "[public]\nlisten = 127.0.0.1:0\n[admin]\nlisten = 127.0.0.1:0\n"
    << "[storage]\ndata_dir = " << dir_ << "/var\n";
  if (postgresUrl.empty() && enp::testOnPostgres()) {
    postgresUrl = enp::freshPostgresDatabase();  // a database of its own on the process's cluster
  }
  if (!postgresUrl.empty()) {
    f << "backend = postgresql\nurl = " << postgresUrl << "\n";
  }
  postgresUrl_ = postgresUrl;
  f << "[log]\nlevel = debug\n" << extraConfig;
}

std::unique_ptr<enp::Database> Daemon::openDatabase() const {
  enp::Result<std::unique_ptr<enp::Database>> db =
      postgresUrl_.empty() ? enp::Database::open(dataDir() + "/enp.db")
                           : enp::Database::openPostgres(postgresUrl_, "");
  if (!db.ok()) {
    throw std::runtime_error("the daemon's database: " + db.error().toString());
  }
  return std::move(*db);
}

void Daemon::execSql(const std::string& sql) const {
  std::unique_ptr<enp::Database> db = openDatabase();
  auto g = db->writer();
  try {
    g.db.exec(sql);
  } catch (const std::exception& e) {
    throw std::runtime_error(sql + ": " + e.what());
  }
}

Daemon::~Daemon() {
  if (pid_ > 0) {
    kill9();
  }
}

bool Daemon::start(std::chrono::milliseconds timeout) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    lines_.clear();
    eof_ = false;
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return false;
  }
  const std::string binary = enpBinary();  // no allocation between fork and exec
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 2);
    ::close_range(3, ~0U, 0);  // not the fakes' listening sockets (Poco's are inherited)
    ::execl(binary.c_str(), "enp", "serve", "--config", config_.c_str(), nullptr);
    ::_exit(127);
  }
  ::close(fds[1]);
  pid_ = pid;
  reader_ = std::thread([this, fd = fds[0]] { readLoop(fd); });
  if (!waitForLog("ready: public=", 1, timeout)) {
    return false;
  }
  std::ifstream ports(dataDir() + "/ports");
  std::string line;
  while (std::getline(ports, line)) {
    if (line.rfind("public=", 0) == 0) {
      public_ = line.substr(7);
    } else if (line.rfind("admin=", 0) == 0) {
      admin_ = line.substr(6);
    }
  }
  return !public_.empty() && !admin_.empty();
}

int Daemon::stop() {
  if (pid_ <= 0) {
    return -1;
  }
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  if (reader_.joinable()) {
    reader_.join();
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void Daemon::kill9() {
  if (pid_ <= 0) {
    return;
  }
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  if (reader_.joinable()) {
    reader_.join();
  }
}

void Daemon::readLoop(int fd) {
  std::string partial;
  char buf[4096];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) {
      break;
    }
    partial.append(buf, static_cast<size_t>(n));
    size_t pos;
    std::vector<std::string> complete;
    while ((pos = partial.find('\n')) != std::string::npos) {
      complete.push_back(partial.substr(0, pos));
      partial.erase(0, pos + 1);
    }
    if (!complete.empty()) {
      std::lock_guard<std::mutex> lock(mutex_);
      lines_.insert(lines_.end(), complete.begin(), complete.end());
      cv_.notify_all();
    }
  }
  ::close(fd);
  std::lock_guard<std::mutex> lock(mutex_);
  if (!partial.empty()) {
    lines_.push_back(partial);
  }
  eof_ = true;
  cv_.notify_all();
}

size_t Daemon::countLog(const std::string& needle) {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t n = 0;
  for (const auto& l : lines_) {
    n += l.find(needle) != std::string::npos ? 1 : 0;
  }
  return n;
}

bool Daemon::waitForLog(const std::string& needle, size_t count,
                        std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  size_t seen = 0, scanned = 0;
  return cv_.wait_for(lock, timeout, [&] {
    for (; scanned < lines_.size(); ++scanned) {
      seen += lines_[scanned].find(needle) != std::string::npos ? 1 : 0;
    }
    return seen >= count || eof_;
  }) && seen >= count;
}

std::string Daemon::log() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string all;
  for (const auto& l : lines_) {
    all += l + "\n";
  }
  return all;
}

}  // namespace itest
