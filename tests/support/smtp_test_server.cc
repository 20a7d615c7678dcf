#include "smtp_test_server.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace testsupport {
namespace {

const char* modeName(SmtpTestServer::Mode m) {
  switch (m) {
    case SmtpTestServer::Mode::kPlain:
      return "plain";
    case SmtpTestServer::Mode::kStartTls:
      return "starttls";
    case SmtpTestServer::Mode::kTls:
      return "tls";
    case SmtpTestServer::Mode::kNoStartTls:
      return "no-starttls";
    case SmtpTestServer::Mode::kHang:
      return "hang";
  }
  return "plain";
}

}  // namespace

SmtpTestServer::SmtpTestServer(Mode mode, const std::string& auth) {
  int out[2], in[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(in, O_CLOEXEC) != 0) {
    return;
  }
  // Built before fork: nothing is allocated between fork and exec.
  std::vector<std::string> args = {ENP_SMTP_PYTHON, "-W",           "ignore",    ENP_SMTP_SERVER,
                                   "--mode",        modeName(mode), "--maildir", dir_.path(),
                                   "--cert-dir",    dir_.path()};
  if (!auth.empty()) {
    args.push_back("--auth");
    args.push_back(auth);
  }
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  const std::string errLog = dir_.file("server.log");
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    const int err = ::open(errLog.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (err >= 0) {
      ::dup2(err, 2);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  stdinFd_ = in[1];  // closing it stops the server, even if this process dies
  reader_ = std::thread([this, fd = out[0]] { readLoop(fd); });
  std::unique_lock<std::mutex> lock(mutex_);
  cv_.wait_for(lock, std::chrono::seconds(20), [this] {
    return eof_ || std::any_of(lines_.begin(), lines_.end(),
                               [](const std::string& l) { return l.rfind("port ", 0) == 0; });
  });
  for (const auto& l : lines_) {
    if (l.rfind("port ", 0) == 0) {
      port_ = static_cast<unsigned short>(std::stoi(l.substr(5)));
    }
  }
}

SmtpTestServer::~SmtpTestServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    ::close(stdinFd_);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (reader_.joinable()) {
    reader_.join();
  }
}

void SmtpTestServer::readLoop(int fd) {
  std::string buffer;
  char chunk[4096];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) {
      break;
    }
    buffer.append(chunk, static_cast<size_t>(n));
    size_t nl;
    while ((nl = buffer.find('\n')) != std::string::npos) {
      std::lock_guard<std::mutex> lock(mutex_);
      lines_.push_back(buffer.substr(0, nl));
      buffer.erase(0, nl + 1);
      cv_.notify_all();
    }
  }
  ::close(fd);
  std::lock_guard<std::mutex> lock(mutex_);
  eof_ = true;
  cv_.notify_all();
}

size_t SmtpTestServer::seen(const std::string& event) {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<size_t>(std::count_if(lines_.begin(), lines_.end(), [&](const std::string& l) {
    return l == "cmd " + event || l == event;
  }));
}

bool SmtpTestServer::waitFor(const std::string& event, size_t count,
                             std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] {
    return static_cast<size_t>(std::count_if(
               lines_.begin(), lines_.end(),
               [&](const std::string& l) { return l == "cmd " + event || l == event; })) >= count;
  });
}

bool SmtpTestServer::waitForMail(size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] {
    return static_cast<size_t>(std::count_if(
               lines_.begin(), lines_.end(),
               [](const std::string& l) { return l.rfind("mail ", 0) == 0; })) >= count;
  });
}

std::vector<std::string> SmtpTestServer::mails() {
  std::vector<std::string> names;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& l : lines_) {
      if (l.rfind("mail ", 0) == 0) {
        names.push_back(l.substr(5));
      }
    }
  }
  std::vector<std::string> out;
  for (const auto& n : names) {
    std::ifstream f(dir_.file(n), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    out.push_back(ss.str());
  }
  return out;
}

std::string SmtpTestServer::transcript() {
  std::string out;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& l : lines_) {
      out += l + "\n";
    }
  }
  std::ifstream f(dir_.file("server.log"));
  std::stringstream ss;
  ss << f.rdbuf();
  return out + ss.str();
}

std::string decodeQuotedPrintable(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=' && i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') {
      i += 2;
    } else if (text[i] == '=' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (text[i] != '\r') {
      out += text[i];
    }
  }
  return out;
}

std::string mailHeader(const std::string& raw, const std::string& name) {
  const size_t end = raw.find("\r\n\r\n");
  const std::string head = raw.substr(0, end);
  const std::string want = "\r\n" + name + ": ";
  size_t pos = ("\r\n" + head).find(want);
  if (pos == std::string::npos) {
    return "";
  }
  pos += want.size() - 2;  // the "\r\n" added in front
  std::string value;
  while (pos < head.size()) {
    size_t nl = head.find("\r\n", pos);
    if (nl == std::string::npos) {
      nl = head.size();
    }
    value += head.substr(pos, nl - pos);
    pos = nl + 2;
    if (pos >= head.size() || (head[pos] != ' ' && head[pos] != '\t')) {
      break;
    }
  }
  return value;
}

std::string mailBody(const std::string& raw) {
  const size_t end = raw.find("\r\n\r\n");
  return end == std::string::npos ? "" : decodeQuotedPrintable(raw.substr(end + 4));
}

}  // namespace testsupport
