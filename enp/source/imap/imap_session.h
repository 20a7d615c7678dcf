#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "enp/common/status.h"
#include "enp/source/imap/fetch_data.h"
#include "enp/source/imap/imap_message.h"
#include "enp/source/imap/response_reader.h"

namespace enp::imap {

/// How the connection is protected. There is no plain-text mode: ENP never sends a password
/// without TLS.
enum class Security {
  kImplicitTls,  ///< TLS from the first byte (port 993).
  kStartTls,     ///< Plain connect (port 143), then STARTTLS before anything else is sent.
};

/// How the password is sent.
enum class LoginMethod {
  kSaslPlain,  ///< SASL PLAIN (IMAP AUTHENTICATE, POP3 AUTH) when offered, else kCommand.
  kCommand,    ///< The protocol's own command: IMAP LOGIN, POP3 USER/PASS.
};

struct SessionOptions {
  std::string user;
  std::string password;
  Security security = Security::kImplicitTls;
  LoginMethod login = LoginMethod::kSaslPlain;
  /// The folder to watch. "INBOX" (any case) is always INBOX; other names get `pathPrefix`
  /// (e.g. "INBOX." on servers that keep folders below INBOX) and are sent in modified UTF-7.
  std::string folder = "INBOX";
  std::string pathPrefix;
  /// Send RFC 2971 ID (name, version) after login when the server offers ID.
  bool sendId = true;
  std::string clientVersion;
  /// Bytes of the text part fetched for a snippet (BODY.PEEK[part]<0.N>), and its length in
  /// characters.
  size_t snippetBytes = 2048;
  size_t snippetChars = 256;
  /// At most this many new mails are read per fetchNewSince(); the newest win.
  size_t maxMessages = 50;
  /// IDLE is ended and re-issued after this long: RFC 2177 servers may drop an IDLE after 29
  /// minutes of inactivity.
  std::chrono::seconds idleRenewal{28 * 60};
  /// A command (and the greeting) unanswered this long fails as unavailable.
  std::chrono::seconds commandTimeout{60};
  ParserLimits limits;
};

// What the session reports, in order.
namespace event {
struct LoggedIn {};  ///< Logged in; capabilities() are the post-login ones.
struct Selected {    ///< The folder is examined (read-only).
  MailboxState mailbox;
};
struct Fetched {                      ///< The answer to fetchNewSince().
  std::vector<ImapMessage> messages;  ///< Ascending UIDs.
  uint32_t highestUid = 0;            ///< The highest new UID seen (also of skipped ones).
  size_t skipped = 0;                 ///< New mails beyond maxMessages, not read.
};
struct MailboxChanged {  ///< The server reported a new message count (EXISTS).
  uint32_t exists = 0;
};
struct IdleStarted {};
struct IdleStopped {};
struct Polled {  ///< NOOP completed.
  uint32_t exists = 0;
};
struct StatusRead {  ///< STATUS completed.
  MailboxState mailbox;
};
struct Alert {  ///< [ALERT] text the server wants a human to read.
  std::string text;
};
struct Failed {  ///< The session is over; see mailboxErrorKind().
  Status status;
};
struct LoggedOut {};
}  // namespace event

using SessionEvent =
    std::variant<event::LoggedIn, event::Selected, event::Fetched, event::MailboxChanged,
                 event::IdleStarted, event::IdleStopped, event::Polled, event::StatusRead,
                 event::Alert, event::Failed, event::LoggedOut>;

/// An IMAP4rev1 client session (RFC 3501, IDLE RFC 2177, SASL-IR RFC 4959, LITERAL+ RFC 7888,
/// ID RFC 2971, response codes RFC 5530) as a state machine without I/O: it is fed the bytes
/// the server sent and the time, and hands out the bytes to send and events. A blocking driver
/// (ImapClient) and a future event loop drive it alike.
///
/// On its own after connected(): greeting, CAPABILITY, STARTTLS (when kStartTls; the driver
/// performs the handshake when wantsTls() and calls tlsEstablished()), login (AUTHENTICATE
/// PLAIN when offered, with SASL-IR when offered, else LOGIN), CAPABILITY again, ID; then
/// event::LoggedIn. Then the caller drives: examine(), fetchNewSince(), startIdle()/stopIdle(),
/// noop(), status(), logout(); one at a time, each when ready(). The folder is opened with
/// EXAMINE and bodies are read with BODY.PEEK, so ENP never changes a flag.
///
/// Output holds the password while logging in: never log it.
/// Thread safety: none; one connection per session.
class Session {
 public:
  using Instant = std::chrono::steady_clock::time_point;

  enum class Phase {
    kConnecting,     ///< Waiting for the greeting.
    kLoggingIn,      ///< CAPABILITY, STARTTLS, login, ID in progress.
    kTlsHandshake,   ///< STARTTLS accepted: the driver must start TLS.
    kAuthenticated,  ///< Logged in, no folder examined yet.
    kSelected,       ///< The folder is examined.
    kIdling,         ///< IDLE in progress.
    kClosed,         ///< Logged out.
    kFailed,         ///< Over after an error (event::Failed).
  };

  explicit Session(SessionOptions options);

  // Inputs.
  /// The TCP (and for kImplicitTls, TLS) connection is up: the greeting is due.
  void connected(Instant now);
  /// Bytes from the server.
  void receive(std::string_view bytes, Instant now);
  /// The STARTTLS handshake succeeded; capabilities are asked again.
  void tlsEstablished(Instant now);
  /// The server closed the connection (or the driver lost it): the session fails unless it
  /// logged out.
  void connectionClosed(std::string_view why);
  /// The time passes: command timeouts, IDLE renewal.
  void tick(Instant now);

  // Operations; each fails (kInvalid) when !ready() or (startIdle) without IDLE.
  Status examine(Instant now);
  /// Reads mails with a UID above `lastUid` (event::Fetched).
  Status fetchNewSince(uint32_t lastUid, Instant now);
  Status startIdle(Instant now);
  /// Ends an IDLE (also one still waiting for the server's continuation).
  Status stopIdle(Instant now);
  Status noop(Instant now);
  /// STATUS of the folder (MESSAGES UIDNEXT UIDVALIDITY), for polling without examining.
  Status status(Instant now);
  Status logout(Instant now);

  // Outputs.
  /// Bytes to send, in order; empties the buffer.
  std::string takeOutput();
  /// True once STARTTLS is accepted and until tlsEstablished().
  bool wantsTls() const { return phase_ == Phase::kTlsHandshake; }
  std::optional<SessionEvent> nextEvent();
  /// When tick() must run next (a command timeout or the IDLE renewal), if ever.
  std::optional<Instant> deadline() const;

  // State.
  Phase phase() const { return phase_; }
  /// Logged in and no command in flight (also true while idling: stopIdle() is allowed).
  bool ready() const;
  bool hasCapability(std::string_view name) const;
  /// IDLE is offered (after login; iCloud announces it only then).
  bool supportsIdle() const { return hasCapability("IDLE"); }
  const MailboxState& mailbox() const { return mailbox_; }

 private:
  enum class Command {
    kCapability,
    kStartTls,
    kLogin,
    kAuthenticate,
    kId,
    kExamine,
    kLastUid,
    kSearch,
    kFetchMeta,
    kFetchBody,
    kIdle,
    kNoop,
    kStatus,
    kLogout,
  };
  struct InFlight {
    Command command;
    std::string tag;
    std::deque<std::string> chunks;  // sent one per continuation request
    Instant sentAt;
  };

  void send(Command command, std::string arguments, Instant now,
            std::deque<std::string> chunks = {});
  void handle(Response& response);
  void handleUntagged(Response& response);
  void handleContinuation(const Response& response);
  void handleTagged(const Response& response);
  void fail(Status status);
  void emit(SessionEvent e) { events_.push_back(std::move(e)); }
  void setCapabilities(std::string_view list);

  // Login sequence (imap_session_login.cc).
  void afterGreeting(const Response& greeting);
  void afterPreAuthCapabilities();
  void login();
  void afterLogin(const Response& ok);
  void afterLoginCapabilities();
  void loginRefused(const Response& response);

  // Folder operations (imap_session_folder.cc).
  std::string mailboxName() const;
  void examined(const Response& response);
  void searched(const Response& response);
  void fetchedMeta(const Response& response);
  void fetchNextBodies();
  void finishFetch();
  void idleEnded(const Response& response);

  // Constant after construction
  const SessionOptions options_;

  Phase phase_ = Phase::kConnecting;
  ResponseReader reader_;
  std::string output_;
  std::deque<SessionEvent> events_;
  std::set<std::string> capabilities_;  // upper-case
  bool capabilitiesKnown_ = false;
  bool tls_ = false;
  bool loggedIn_ = false;
  uint32_t tagCounter_ = 0;
  std::optional<InFlight> inFlight_;
  Instant now_{};
  std::optional<Instant> greetingDeadline_;

  MailboxState mailbox_;
  bool selected_ = false;
  std::optional<uint32_t> lastUidSeen_;  // FETCH * (UID) answer

  // fetchNewSince() in progress
  uint32_t fetchAfter_ = 0;
  uint32_t existsAtSearch_ = 0;
  bool searchRepeated_ = false;
  std::vector<uint32_t> searchHits_;
  std::vector<FetchData> fetched_;
  std::deque<std::pair<std::string, std::vector<uint32_t>>> bodyFetches_;  // section -> UIDs
  event::Fetched pendingFetch_;

  // IDLE
  Instant idleSince_{};
  bool idleDoneSent_ = false;
  bool reIdle_ = false;
  std::string endedIdleTag_;  // an IDLE ended by logout(), whose completion is ignored

  // STATUS in progress
  MailboxState statusRead_;
};

}  // namespace enp::imap
