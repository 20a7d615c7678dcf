#include "dovecot_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace testsupport {
namespace {

using Clock = std::chrono::steady_clock;

// A port no one listens on now (bound to 0, read back, closed).
uint16_t freePort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error("cannot bind a loopback port");
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool accepts(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// Runs a shell command; its output (stdout and stderr) or an exception naming it.
std::string run(const std::string& command) {
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) {
    throw std::runtime_error("cannot run " + command);
  }
  std::string out;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, p)) {
    out.append(buffer, n);
  }
  const int rc = pclose(p);
  if (rc != 0) {
    throw std::runtime_error(command + " failed (" + std::to_string(rc) + "): " + out);
  }
  return out;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The user the mail and login processes run as: `nobody` for root (Dovecot refuses root), else
// the current user.
std::pair<std::string, std::string> serviceUser() {
  const uid_t uid = geteuid();
  if (uid == 0) {
    const group* g = getgrnam("nogroup");
    return {"nobody", g != nullptr ? "nogroup" : "nobody"};
  }
  const passwd* pw = getpwuid(uid);
  const group* g = getgrgid(getegid());
  return {pw != nullptr ? pw->pw_name : std::to_string(uid),
          g != nullptr ? g->gr_name : std::to_string(getegid())};
}

uint32_t numberAfter(const std::string& text, const std::string& key) {
  const size_t at = text.find(key + "=");
  if (at == std::string::npos) {
    throw std::runtime_error("no " + key + " in: " + text);
  }
  return static_cast<uint32_t>(std::stoul(text.substr(at + key.size() + 1)));
}

}  // namespace

bool DovecotServer::installed() {
  return access("/usr/sbin/dovecot", X_OK) == 0 && access("/usr/bin/doveadm", X_OK) == 0;
}

DovecotServer::DovecotServer(DovecotOptions options)
    : options_(std::move(options)), dir_("enp-dovecot") {
  // The mail processes run as another user: they must reach the directory.
  chmod(dir_.path().c_str(), 0755);
  imapPort_ = freePort();
  imapsPort_ = freePort();
  pop3Port_ = freePort();
  pop3sPort_ = freePort();
  if (options_.tls) {
    run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
        "-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -days 2 "
        "-keyout " +
        dir_.file("key.pem") + " -out " + dir_.file("cert.pem"));
  }
  writeConfig();
  start();
}

void DovecotServer::start() {
  const std::string conf = dir_.file("dovecot.conf");
  const std::string out = dir_.file("stdout.log");
  pid_ = fork();
  if (pid_ == 0) {
    // A caller's blocked signals would be inherited: Dovecot must hear SIGTERM.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    execl("/usr/sbin/dovecot", "dovecot", "-F", "-c", conf.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait until every port accepts, or Dovecot exits, or 20 s pass.
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  const std::vector<uint16_t> ports =
      options_.tls ? std::vector<uint16_t>{imapPort_, imapsPort_, pop3Port_, pop3sPort_}
                   : std::vector<uint16_t>{imapPort_, pop3Port_};
  size_t up = 0;
  while (up < ports.size()) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("dovecot exited at start: " + readFile(out) + log());
    }
    if (Clock::now() > deadline) {
      throw std::runtime_error("dovecot did not listen within 20 s: " + readFile(out) + log());
    }
    if (accepts(ports[up])) {
      ++up;
      continue;
    }
    poll(nullptr, 0, 20);  // the next connection attempt; the condition is the port accepting
  }
}

DovecotServer::~DovecotServer() { stop(); }

void DovecotServer::stop() {
  if (pid_ <= 0) {
    return;
  }
  kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    poll(nullptr, 0, 20);
  }
  pid_ = -1;
}

void DovecotServer::depositWhileStopped(const std::string& user, const std::string& message) {
  // What a delivery agent does to a Maildir: a file in new/; Dovecot gives it the next UID
  // when it next looks at the folder.
  const std::string inbox = dir_.file("mail/" + user + "/new");
  const std::string file = inbox + "/" + std::to_string(time(nullptr)) + ".enp" +
                           std::to_string(++deliveries_) + ".test";
  {
    std::ofstream out(file, std::ios::binary);
    out << message;
  }
  const passwd* pw = getpwnam(serviceUser().first.c_str());
  if (pw != nullptr) {
    (void)chown(file.c_str(), pw->pw_uid, pw->pw_gid);
  }
}

void DovecotServer::writeConfig() {
  const auto [user, group] = serviceUser();
  const std::string d = dir_.path();
  std::filesystem::create_directories(d + "/run");
  std::filesystem::create_directories(d + "/state");
  std::filesystem::create_directories(d + "/mail");
  writePasswd();
  if (geteuid() == 0) {
    run("chown -R " + user + ":" + group + " " + d + "/mail");
  }
  std::ofstream c(d + "/dovecot.conf");
  c << "base_dir = " << d << "/run\n"
    << "state_dir = " << d << "/state\n"
    << "log_path = " << d << "/dovecot.log\n"
    << "protocols = imap pop3\n"
    << "listen = 127.0.0.1\n"
    << "default_login_user = " << user << "\n"
    << "default_internal_user = " << user << "\n"
    << "default_internal_group = " << group << "\n"
    << "auth_mechanisms = plain login\n"
    << "mail_location = maildir:" << d << "/mail/%u\n"
    << "mailbox_idle_check_interval = 1 secs\n"
    // A refused login answers at once (the tests refuse some on purpose).
    << "auth_failure_delay = 0 secs\n"
    // Nor does it slow down the next logins from 127.0.0.1 (Dovecot's per-address penalty
    // after a failure: 2 s, then 4, 8, 15 s).
    << "service anvil {\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}\n"
    << "pop3_uidl_format = %08Xu%08Xv\n"
    << "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u " << d
    << "/passwd\n}\n"
    << "userdb {\n  driver = static\n  args = uid=" << user << " gid=" << group << " home=" << d
    << "/mail/%u\n}\n";
  if (options_.tls) {
    c << "ssl = yes\n"
      << "ssl_cert = <" << d << "/cert.pem\n"
      << "ssl_key = <" << d << "/key.pem\n";
  } else {
    c << "ssl = no\n";
  }
  if (options_.maxConnections > 0) {
    // One IMAP process per connection (Dovecot's way); four login processes in
    // high-performance mode, each holding many TLS connections (the proxying to the IMAP
    // process stays in them); every service's client limit (auth, anvil ...) raised with them.
    const std::string n = std::to_string(options_.maxConnections + 100);
    c << "default_client_limit = " << n << "\n"
      << "default_vsz_limit = 1G\n"
      << "service imap {\n  process_limit = " << n << "\n  client_limit = 1\n}\n"
      << "service imap-login {\n  service_count = 0\n  process_limit = 4\n"
      << "  process_min_avail = 2\n  client_limit = " << n << "\n}\n"
      << "protocol imap {\n  mail_max_userip_connections = 100\n}\n";
  }
  if (!options_.idle) {
    c << "protocol imap {\n  imap_capability = IMAP4rev1 SASL-IR LITERAL+ ID ENABLE UIDPLUS\n}\n";
  }
  c << "service imap-login {\n  inet_listener imap {\n    port = " << imapPort_ << "\n  }\n"
    << "  inet_listener imaps {\n    port = " << (options_.tls ? imapsPort_ : 0) << "\n"
    << (options_.tls ? "    ssl = yes\n" : "") << "  }\n}\n"
    << "service pop3-login {\n  inet_listener pop3 {\n    port = " << pop3Port_ << "\n  }\n"
    << "  inet_listener pop3s {\n    port = " << (options_.tls ? pop3sPort_ : 0) << "\n"
    << (options_.tls ? "    ssl = yes\n" : "") << "  }\n}\n";
}

std::string DovecotServer::doveadm(const std::string& arguments, const std::string& input) {
  std::string command = "/usr/bin/doveadm -c " + dir_.file("dovecot.conf") + " " + arguments;
  if (!input.empty()) {
    command += " < " + dir_.write("delivery-" + std::to_string(++deliveries_) + ".eml", input);
  }
  return run(command);
}

uint32_t DovecotServer::deliver(const std::string& user, const std::string& message,
                                const std::string& folder) {
  doveadm("save -u " + user + " -m " + folder, message);
  const std::string out = doveadm("mailbox status -u " + user + " uidnext " + folder);
  return numberAfter(out, "uidnext") - 1;
}

std::string DovecotServer::flags(const std::string& user, uint32_t uid, const std::string& folder) {
  std::string out =
      doveadm("fetch -u " + user + " flags mailbox " + folder + " uid " + std::to_string(uid));
  const size_t at = out.find("flags:");
  if (at == std::string::npos) {
    throw std::runtime_error("no such message: " + out);
  }
  out = out.substr(at + 6);
  while (!out.empty() && (out.front() == ' ')) {
    out.erase(0, 1);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
    out.pop_back();
  }
  return out;
}

uint32_t DovecotServer::messageCount(const std::string& user, const std::string& folder) {
  return numberAfter(doveadm("mailbox status -u " + user + " messages " + folder), "messages");
}

uint32_t DovecotServer::uidValidity(const std::string& user, const std::string& folder) {
  return numberAfter(doveadm("mailbox status -u " + user + " uidvalidity " + folder),
                     "uidvalidity");
}

void DovecotServer::setUidValidity(const std::string& user, uint32_t uidValidity,
                                   const std::string& folder) {
  doveadm("mailbox update -u " + user + " --uid-validity " + std::to_string(uidValidity) + " " +
          folder);
}

std::string DovecotServer::log() const { return readFile(dir_.file("dovecot.log")); }

void DovecotServer::writePasswd() {
  const std::string file = dir_.file("passwd");
  {
    std::ofstream passwd(file + ".new");
    for (const auto& [name, password] : options_.users) {
      passwd << name << ":{PLAIN}" << password << "\n";
    }
  }
  chmod((file + ".new").c_str(), 0644);
  std::filesystem::rename(file + ".new", file);
}

void DovecotServer::setPassword(const std::string& user, const std::string& password) {
  for (auto& [name, old] : options_.users) {
    if (name == user) {
      old = password;
    }
  }
  writePasswd();
  // Dovecot looks at the file at most once a second: wait until its auth process takes the new
  // password (doveadm asks it as a login would), at most 5 s.
  const std::string test = "/usr/bin/doveadm -c " + dir_.file("dovecot.conf") +
                           " auth test -x service=imap " + user + " '" + password +
                           "' >/dev/null 2>&1";
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (std::system(test.c_str()) != 0) {
    if (Clock::now() > deadline) {
      throw std::runtime_error("dovecot did not take the new password of " + user + ": " + log());
    }
    poll(nullptr, 0, 50);  // the next question; the condition is the password accepted
  }
}

bool DovecotServer::waitForLog(const std::string& needle, std::chrono::milliseconds timeout) const {
  const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    throw std::runtime_error("inotify_init1 failed");
  }
  // The directory, not the file: the log may not exist yet.
  inotify_add_watch(fd, dir_.path().c_str(), IN_MODIFY | IN_CREATE | IN_CLOSE_WRITE);
  const auto deadline = Clock::now() + timeout;
  bool found = false;
  while (!(found = log().find(needle) != std::string::npos)) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      break;
    }
    pollfd p{fd, POLLIN, 0};
    poll(&p, 1, static_cast<int>(left));
    char events[4096];
    while (read(fd, events, sizeof events) > 0) {
    }
  }
  close(fd);
  return found;
}

}  // namespace testsupport
