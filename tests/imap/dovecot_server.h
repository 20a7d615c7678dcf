#pragma once

// A real Dovecot (Debian's dovecot-imapd and dovecot-pop3d) for the IMAP and POP3 tests,
// started as an ordinary process on free loopback ports with a configuration generated into a
// temporary directory: no system paths, no system service. Mail is delivered with
// `doveadm save`, flags and counts read with `doveadm fetch` / `doveadm mailbox status`.
//
//   testsupport::DovecotServer server;                 // throws when it cannot start
//   server.deliver("alice", "From: ...\r\n\r\nHi\r\n");
//   account.port = server.imapsPort(); account.caFile = server.caFile();
//
// As root (CI) the mail processes run as `nobody` (Dovecot refuses to run logins as root);
// as another user, as that user. Stand-alone: build/tests/imap/dovecot-test-server --help.

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "temp_dir.h"

namespace testsupport {

struct DovecotOptions {
  /// ssl = yes with a generated self-signed certificate for "localhost" and 127.0.0.1: IMAP
  /// offers STARTTLS on imapPort(), implicit TLS on imapsPort(), POP3 STLS on pop3Port() and
  /// implicit TLS on pop3sPort(). false: ssl = no, plain ports only (nothing offers TLS).
  bool tls = true;
  /// false: the IMAP capability list (imap_capability) leaves IDLE out.
  bool idle = true;
  /// Users and their passwords.
  std::vector<std::pair<std::string, std::string>> users = {{"alice", "secret"},
                                                            {"bob", "hunter2"}};
  /// > 0: Dovecot's process and connection limits (the IMAP processes, the login processes in
  /// high-performance mode, connections per user and address) allow this many IMAP
  /// connections at once from 127.0.0.1 (the benchmarks); 0: Dovecot's defaults (100).
  int maxConnections = 0;
};

class DovecotServer {
 public:
  /// Starts Dovecot and waits (at most 20 s) until its ports accept connections; throws
  /// std::runtime_error with the log when it does not.
  explicit DovecotServer(DovecotOptions options = {});
  /// Stops it (SIGTERM, then SIGKILL after 10 s) and removes its directory.
  ~DovecotServer();
  DovecotServer(const DovecotServer&) = delete;
  DovecotServer& operator=(const DovecotServer&) = delete;

  /// Stops Dovecot (as the destructor does) but keeps its directory, mail and ports; start()
  /// runs it again on the same ports (a server restart). Mail may be delivered meanwhile.
  void stop();
  /// Starts it again after stop(); throws as the constructor does.
  void start();
  /// Puts `message` into `user`'s INBOX (a Maildir) as a delivery agent would, while the server
  /// is stopped (doveadm needs the running server); it gets its UID at the next start.
  void depositWhileStopped(const std::string& user, const std::string& message);

  /// True when the dovecot and doveadm binaries are installed (scripts/setup.sh installs them).
  static bool installed();

  uint16_t imapPort() const { return imapPort_; }    ///< STARTTLS (or plain without tls)
  uint16_t imapsPort() const { return imapsPort_; }  ///< implicit TLS
  uint16_t pop3Port() const { return pop3Port_; }    ///< STLS (or plain without tls)
  uint16_t pop3sPort() const { return pop3sPort_; }  ///< implicit TLS
  /// The self-signed certificate, to trust as a CA file.
  std::string caFile() const { return dir_.file("cert.pem"); }
  const std::string& directory() const { return dir_.path(); }

  /// Saves `message` (RFC 5322 text) into `user`'s `folder`; returns the UID it got.
  uint32_t deliver(const std::string& user, const std::string& message,
                   const std::string& folder = "INBOX");
  /// The flags of a message, as doveadm prints them ("\Seen \Recent"); "" for none.
  std::string flags(const std::string& user, uint32_t uid, const std::string& folder = "INBOX");
  uint32_t messageCount(const std::string& user, const std::string& folder = "INBOX");
  uint32_t uidValidity(const std::string& user, const std::string& folder = "INBOX");
  /// Gives the folder a new UIDVALIDITY (as a rebuilt folder has).
  void setUidValidity(const std::string& user, uint32_t uidValidity,
                      const std::string& folder = "INBOX");
  /// Dovecot's log so far.
  std::string log() const;
  /// Waits until Dovecot's log holds `needle` (its processes write it after answering, so a
  /// line about a login may follow the login's answer), woken by changes of the files in its
  /// directory (inotify), at most `timeout`; false when it did not appear.
  bool waitForLog(const std::string& needle, std::chrono::milliseconds timeout) const;
  /// Gives `user` a new password: replaces the passwd file and returns once Dovecot's auth
  /// process accepts the new password (it looks at the file at most once a second); throws
  /// after 5 s. The new password must differ in length from the old one: Dovecot notices the
  /// change by the file's size and modification second.
  void setPassword(const std::string& user, const std::string& password);

 private:
  std::string doveadm(const std::string& arguments, const std::string& input = "");
  void writeConfig();
  void writePasswd();

  DovecotOptions options_;  // users change with setPassword()

  TempDir dir_;
  uint16_t imapPort_ = 0;
  uint16_t imapsPort_ = 0;
  uint16_t pop3Port_ = 0;
  uint16_t pop3sPort_ = 0;
  int pid_ = -1;
  int deliveries_ = 0;
};

}  // namespace testsupport
