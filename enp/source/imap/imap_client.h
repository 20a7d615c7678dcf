#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "enp/common/status.h"
#include "enp/source/imap/imap_session.h"
#include "enp/source/imap/tls_connection.h"

namespace enp::imap {

/// One IMAP account as ENP watches it.
struct ImapAccount {
  std::string host;     ///< "imap.mail.me.com"
  uint16_t port = 993;  ///< 993 for kImplicitTls, 143 for kStartTls
  Security security = Security::kImplicitTls;
  LoginMethod login = LoginMethod::kSaslPlain;
  std::string user;
  std::string password;
  std::string folder = "INBOX";
  std::string pathPrefix;
  std::string caFile;                ///< "" = the system's trusted CAs
  std::chrono::seconds timeout{30};  ///< Connect, handshake and each command.
};

/// The session options of `account` (user, password, TLS mode, folder, command timeout).
SessionOptions sessionOptions(const ImapAccount& account);

/// What idle() saw.
enum class IdleOutcome {
  kMailboxChanged,  ///< The server reported a new message count: fetch.
  kTimedOut,        ///< Nothing happened within the time given.
};

/// A blocking driver of Session over a TlsConnection: one account, one connection, the calling
/// thread blocks (each call within the account's timeout, idle() within its own). Every call
/// returns a Status or Result whose failures carry a MailboxErrorKind (mailbox_error.h).
/// Later an event loop drives Session itself; this driver serves the login check, tests and
/// the first integration. Thread safety: none.
class ImapClient {
 public:
  explicit ImapClient(ImapAccount account);
  ~ImapClient();

  /// Connects, starts TLS (at once, or by STARTTLS), logs in and reads the capabilities
  /// offered after login.
  Status connect();
  /// EXAMINEs the folder (read-only: nothing is marked).
  Result<MailboxState> examine();
  /// The mails of the examined folder with a UID above `lastUid`, metadata and snippet read
  /// without setting \Seen.
  Result<event::Fetched> fetchNewSince(uint32_t lastUid);
  /// IDLEs until the server reports a change or `wait` passes (renewing the IDLE every 28
  /// minutes), then ends the IDLE so the next call can run. `onStarted` (optional) runs once the
  /// server confirmed the IDLE. Fails (kInvalid) when the server offers no IDLE: poll() instead.
  Result<IdleOutcome> idle(std::chrono::milliseconds wait,
                           const std::function<void()>& onStarted = {});
  /// NOOP: the folder's message count as the server now reports it.
  Result<uint32_t> poll();
  /// STATUS of the folder (works without examine()).
  Result<MailboxState> status();
  /// LOGOUT and close.
  Status logout();

  bool supportsIdle() const { return session_.supportsIdle(); }
  /// [ALERT] texts the server sent, for the administrator.
  const std::deque<std::string>& alerts() const { return alerts_; }

 private:
  using Instant = Session::Instant;
  // Runs the session until an event of type T arrives (returned), it fails, or the deadline.
  template <typename T>
  Result<T> waitFor(Instant deadline);
  Status pump(Instant deadline);
  Instant commandDeadline() const;

  // Constant after construction
  const ImapAccount account_;

  Session session_;
  std::unique_ptr<TlsConnection> connection_;
  std::deque<SessionEvent> events_;
  std::deque<std::string> alerts_;
};

/// Checks that `account` can log in (used to validate a registration's password): connects,
/// logs in, logs out. The failure says in plain words what is wrong (wrong password, TLS,
/// unreachable).
Status checkImapLogin(const ImapAccount& account);

}  // namespace enp::imap
