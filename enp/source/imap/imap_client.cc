#include "enp/source/imap/imap_client.h"

#include <utility>

#include "enp/source/imap/mailbox_error.h"

namespace enp::imap {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

SessionOptions sessionOptions(const ImapAccount& a) {
  SessionOptions o;
  o.user = a.user;
  o.password = a.password;
  o.security = a.security;
  o.login = a.login;
  o.folder = a.folder;
  o.pathPrefix = a.pathPrefix;
  o.commandTimeout = a.timeout;
  return o;
}

ImapClient::ImapClient(ImapAccount account)
    : account_(std::move(account)), session_(sessionOptions(account_)) {}

ImapClient::~ImapClient() = default;

ImapClient::Instant ImapClient::commandDeadline() const { return Clock::now() + account_.timeout; }

Status ImapClient::pump(Instant deadline) {
  // Send what the session wrote, start TLS when it asks, then wait for bytes or a timer.
  if (std::string out = session_.takeOutput(); !out.empty() && connection_) {
    if (Status s = connection_->write(out, deadline); !s.ok()) {
      session_.connectionClosed(s.message());
      return Status();
    }
  }
  if (session_.wantsTls()) {
    if (Status s = connection_->startTls(); !s.ok()) {
      return s;
    }
    session_.tlsEstablished(Clock::now());
    return Status();
  }
  Instant until = deadline;
  if (const std::optional<Instant> timer = session_.deadline(); timer && *timer < until) {
    until = *timer;
  }
  Result<std::string> bytes = connection_->read(until);
  if (!bytes.ok()) {
    session_.connectionClosed(bytes.error().message());
  } else if (!bytes->empty()) {
    session_.receive(*bytes, Clock::now());
  }
  session_.tick(Clock::now());
  return Status();
}

template <typename T>
Result<T> ImapClient::waitFor(Instant deadline) {
  while (true) {
    while (std::optional<SessionEvent> e = session_.nextEvent()) {
      if (auto* alert = std::get_if<event::Alert>(&*e)) {
        alerts_.push_back(alert->text);
        continue;
      }
      if (auto* failed = std::get_if<event::Failed>(&*e)) {
        connection_.reset();
        return failed->status;
      }
      if (auto* wanted = std::get_if<T>(&*e)) {
        return std::move(*wanted);
      }
      events_.push_back(std::move(*e));
    }
    if (!connection_) {
      return mailboxError(MailboxErrorKind::kUnavailable, "not connected");
    }
    if (Clock::now() >= deadline) {
      return mailboxError(MailboxErrorKind::kUnavailable,
                          "no answer from " + account_.host + " in time");
    }
    if (Status s = pump(deadline); !s.ok()) {
      connection_.reset();
      return s;
    }
  }
}

Status ImapClient::connect() {
  TlsOptions tls;
  tls.caFile = account_.caFile;
  tls.connectTimeout = account_.timeout;
  Result<std::unique_ptr<TlsConnection>> c = TlsConnection::open(account_.host, account_.port, tls);
  if (!c.ok()) {
    return c.error();
  }
  connection_ = std::move(c).value();
  if (account_.security == Security::kImplicitTls) {
    if (Status s = connection_->startTls(); !s.ok()) {
      connection_.reset();
      return s;
    }
  }
  session_.connected(Clock::now());
  Result<event::LoggedIn> in = waitFor<event::LoggedIn>(commandDeadline());
  return in.ok() ? Status() : in.error();
}

Result<MailboxState> ImapClient::examine() {
  if (Status s = session_.examine(Clock::now()); !s.ok()) {
    return s;
  }
  Result<event::Selected> selected = waitFor<event::Selected>(commandDeadline());
  if (!selected.ok()) {
    return selected.error();
  }
  return selected->mailbox;
}

Result<event::Fetched> ImapClient::fetchNewSince(uint32_t lastUid) {
  if (Status s = session_.fetchNewSince(lastUid, Clock::now()); !s.ok()) {
    return s;
  }
  return waitFor<event::Fetched>(commandDeadline());
}

Result<IdleOutcome> ImapClient::idle(std::chrono::milliseconds wait,
                                     const std::function<void()>& onStarted) {
  const auto changeQueued = [this] {
    for (const SessionEvent& e : events_) {
      if (std::holds_alternative<event::MailboxChanged>(e)) {
        return true;
      }
    }
    return false;
  };
  // A change reported since the last call counts at once.
  if (changeQueued()) {
    events_.clear();
    return IdleOutcome::kMailboxChanged;
  }
  if (Status s = session_.startIdle(Clock::now()); !s.ok()) {
    return s;
  }
  const Instant until = Clock::now() + wait;
  Result<event::IdleStarted> started = waitFor<event::IdleStarted>(commandDeadline());
  if (!started.ok()) {
    return started.error();
  }
  if (onStarted) {
    onStarted();
  }
  IdleOutcome outcome = IdleOutcome::kMailboxChanged;
  if (!changeQueued()) {
    Result<event::MailboxChanged> changed = waitFor<event::MailboxChanged>(until);
    if (!changed.ok()) {
      if (!connection_) {
        return changed.error();  // the session failed
      }
      outcome = IdleOutcome::kTimedOut;
    }
  }
  if (Status s = session_.stopIdle(Clock::now()); !s.ok()) {
    return s;
  }
  Result<event::IdleStopped> stopped = waitFor<event::IdleStopped>(commandDeadline());
  if (!stopped.ok()) {
    return stopped.error();
  }
  events_.clear();
  return outcome;
}

Result<uint32_t> ImapClient::poll() {
  if (Status s = session_.noop(Clock::now()); !s.ok()) {
    return s;
  }
  Result<event::Polled> polled = waitFor<event::Polled>(commandDeadline());
  if (!polled.ok()) {
    return polled.error();
  }
  events_.clear();
  return polled->exists;
}

Result<MailboxState> ImapClient::status() {
  if (Status s = session_.status(Clock::now()); !s.ok()) {
    return s;
  }
  Result<event::StatusRead> read = waitFor<event::StatusRead>(commandDeadline());
  if (!read.ok()) {
    return read.error();
  }
  return read->mailbox;
}

Status ImapClient::logout() {
  if (!connection_) {
    return Status();
  }
  if (Status s = session_.logout(Clock::now()); !s.ok()) {
    connection_.reset();
    return s;
  }
  Result<event::LoggedOut> out = waitFor<event::LoggedOut>(commandDeadline());
  connection_.reset();
  return out.ok() ? Status() : out.error();
}

Status checkImapLogin(const ImapAccount& account) {
  ImapClient client(account);
  if (Status s = client.connect(); !s.ok()) {
    return s;
  }
  // The login worked; a failing LOGOUT does not make the password wrong.
  (void)client.logout();
  return Status();
}

}  // namespace enp::imap
