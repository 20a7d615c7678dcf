#pragma once

// A real SMTP server process for the alert mail tests: smtp_server.py (Debian's aiosmtpd) on
// 127.0.0.1 and a free port, in one of its modes, with a self-signed certificate and a mail
// directory of its own. Tests wait for what it reports (a command, a login, a message) on its
// stdout: no sleeps.

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "temp_dir.h"

namespace testsupport {

class SmtpTestServer {
 public:
  enum class Mode { kPlain, kStartTls, kTls, kNoStartTls, kHang };
  /// Starts it and waits until it listens; `auth` "user:password" requires that login.
  explicit SmtpTestServer(Mode mode, const std::string& auth = "");
  ~SmtpTestServer();
  SmtpTestServer(const SmtpTestServer&) = delete;
  SmtpTestServer& operator=(const SmtpTestServer&) = delete;

  bool running() const { return port_ != 0; }
  unsigned short port() const { return port_; }
  /// The server's self-signed certificate (PEM): the caFile that makes it trusted.
  std::string certFile() const { return dir_.file("cert.pem"); }

  /// Waits until `count` messages arrived; false on timeout.
  bool waitForMail(size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  /// The raw messages received so far (with X-Envelope-From/To lines first), in order.
  std::vector<std::string> mails();
  /// How often the client sent a command ("AUTH", "STARTTLS", "MAIL" ...) or a login was
  /// checked ("auth ok", "auth fail"), so far.
  size_t seen(const std::string& event);
  /// Waits until `event` was seen `count` times.
  bool waitFor(const std::string& event, size_t count,
               std::chrono::milliseconds timeout = std::chrono::seconds(20));
  /// Everything it printed (for failure messages).
  std::string transcript();

 private:
  void readLoop(int fd);

  TempDir dir_{"enp-smtp"};
  pid_t pid_ = -1;
  int stdinFd_ = -1;
  unsigned short port_ = 0;
  std::thread reader_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;  // GUARDED_BY(mutex_)
  bool eof_ = false;                // GUARDED_BY(mutex_)
};

/// The body of a quoted-printable message part, decoded (soft breaks joined, =XX bytes).
std::string decodeQuotedPrintable(const std::string& text);

/// The header `name` of a raw message ("" when absent), unfolded.
std::string mailHeader(const std::string& raw, const std::string& name);

/// The decoded text body of a raw message written by renderMessage().
std::string mailBody(const std::string& raw);

}  // namespace testsupport
