#include "enp/source/imap/imap_session.h"

#include <utility>

#include "enp/source/imap/mailbox_error.h"

namespace enp::imap {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

}  // namespace

Session::Session(SessionOptions options) : options_(std::move(options)), reader_(options_.limits) {}

void Session::connected(Instant now) {
  now_ = now;
  tls_ = options_.security == Security::kImplicitTls;
  greetingDeadline_ = now + options_.commandTimeout;
}

void Session::receive(std::string_view bytes, Instant now) {
  now_ = now;
  if (phase_ == Phase::kFailed || phase_ == Phase::kClosed) {
    return;
  }
  reader_.feed(bytes);
  while (phase_ != Phase::kFailed && phase_ != Phase::kClosed) {
    Result<std::optional<Response>> next = reader_.next();
    if (!next.ok()) {
      fail(next.error());
      return;
    }
    if (!next->has_value()) {
      return;
    }
    handle(**next);
  }
}

void Session::tlsEstablished(Instant now) {
  now_ = now;
  if (phase_ != Phase::kTlsHandshake) {
    return;
  }
  tls_ = true;
  phase_ = Phase::kLoggingIn;
  // RFC 3501 §6.2.1: capabilities learnt before STARTTLS are void.
  capabilities_.clear();
  capabilitiesKnown_ = false;
  send(Command::kCapability, "CAPABILITY", now);
}

void Session::connectionClosed(std::string_view why) {
  if (phase_ == Phase::kClosed || phase_ == Phase::kFailed) {
    return;
  }
  if (inFlight_ && inFlight_->command == Command::kLogout) {
    phase_ = Phase::kClosed;
    emit(event::LoggedOut{});
    return;
  }
  fail(mailboxError(MailboxErrorKind::kUnavailable,
                    "the server closed the connection" +
                        (why.empty() ? std::string() : " (" + std::string(why) + ")")));
}

void Session::tick(Instant now) {
  now_ = now;
  if (phase_ == Phase::kFailed || phase_ == Phase::kClosed) {
    return;
  }
  if (greetingDeadline_ && now >= *greetingDeadline_) {
    fail(mailboxError(MailboxErrorKind::kUnavailable,
                      "no greeting from the server within " +
                          std::to_string(options_.commandTimeout.count()) + " s"));
    return;
  }
  if (phase_ == Phase::kIdling && !idleDoneSent_ && now >= idleSince_ + options_.idleRenewal) {
    reIdle_ = true;
    idleDoneSent_ = true;
    output_.append("DONE\r\n");
    inFlight_->sentAt = now;
    return;
  }
  const bool waitingOnIdle = phase_ == Phase::kIdling && !idleDoneSent_;
  if (inFlight_ && !waitingOnIdle && now >= inFlight_->sentAt + options_.commandTimeout) {
    fail(mailboxError(MailboxErrorKind::kUnavailable,
                      "no answer from the server within " +
                          std::to_string(options_.commandTimeout.count()) + " s"));
  }
}

std::optional<Session::Instant> Session::deadline() const {
  if (phase_ == Phase::kFailed || phase_ == Phase::kClosed) {
    return std::nullopt;
  }
  if (greetingDeadline_) {
    return greetingDeadline_;
  }
  if (phase_ == Phase::kIdling && !idleDoneSent_) {
    return idleSince_ + options_.idleRenewal;
  }
  if (inFlight_ && phase_ != Phase::kTlsHandshake) {
    return inFlight_->sentAt + options_.commandTimeout;
  }
  return std::nullopt;
}

std::string Session::takeOutput() { return std::exchange(output_, std::string()); }

std::optional<SessionEvent> Session::nextEvent() {
  if (events_.empty()) {
    return std::nullopt;
  }
  SessionEvent e = std::move(events_.front());
  events_.pop_front();
  return e;
}

bool Session::ready() const {
  if (phase_ == Phase::kIdling) {
    return !idleDoneSent_;
  }
  return loggedIn_ && !inFlight_ && (phase_ == Phase::kAuthenticated || phase_ == Phase::kSelected);
}

bool Session::hasCapability(std::string_view name) const {
  return capabilities_.contains(upper(name));
}

void Session::send(Command command, std::string arguments, Instant now,
                   std::deque<std::string> chunks) {
  InFlight f{command, "E" + std::to_string(++tagCounter_), std::move(chunks), now};
  output_.append(f.tag).append(" ").append(arguments).append("\r\n");
  inFlight_ = std::move(f);
}

void Session::fail(Status status) {
  if (phase_ == Phase::kFailed) {
    return;
  }
  phase_ = Phase::kFailed;
  inFlight_.reset();
  output_.clear();
  emit(event::Failed{std::move(status)});
}

void Session::setCapabilities(std::string_view list) {
  capabilities_.clear();
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && list[i] == ' ') {
      ++i;
    }
    size_t j = i;
    while (j < list.size() && list[j] != ' ') {
      ++j;
    }
    if (j > i) {
      capabilities_.insert(upper(list.substr(i, j - i)));
    }
    i = j;
  }
  capabilitiesKnown_ = true;
}

void Session::handle(Response& r) {
  switch (r.type) {
    case Response::Type::kContinuation:
      handleContinuation(r);
      return;
    case Response::Type::kUntagged:
      handleUntagged(r);
      return;
    case Response::Type::kTagged:
      handleTagged(r);
      return;
  }
}

void Session::handleUntagged(Response& r) {
  if (r.status == "OK" || r.status == "NO" || r.status == "BAD") {
    if (r.code == "ALERT") {
      emit(event::Alert{serverSaid(r.text)});
    } else if (r.code == "CAPABILITY") {
      setCapabilities(r.codeArgs);
    } else if (r.code == "UIDVALIDITY") {
      mailbox_.uidValidity = Value{Value::Kind::kAtom, r.codeArgs, {}}.number32().value_or(0);
    } else if (r.code == "UIDNEXT") {
      mailbox_.uidNext = Value{Value::Kind::kAtom, r.codeArgs, {}}.number32().value_or(0);
    }
    if (phase_ == Phase::kConnecting && r.status == "OK") {
      afterGreeting(r);
    } else if (phase_ == Phase::kConnecting) {
      fail(mailboxError(MailboxErrorKind::kProtocol, "unexpected greeting; " + serverSaid(r.text)));
    }
    return;
  }
  if (r.status == "PREAUTH") {
    if (r.code == "CAPABILITY") {
      setCapabilities(r.codeArgs);
    }
    if (phase_ != Phase::kConnecting) {
      return;
    }
    greetingDeadline_.reset();
    if (!tls_) {
      fail(mailboxError(MailboxErrorKind::kInsecure,
                        "the server logged in before TLS could start (PREAUTH); refusing to "
                        "use the connection without TLS"));
      return;
    }
    loggedIn_ = true;
    phase_ = Phase::kLoggingIn;
    send(Command::kCapability, "CAPABILITY", now_);
    return;
  }
  if (r.status == "BYE") {
    if (inFlight_ && inFlight_->command == Command::kLogout) {
      return;  // the tagged OK (or the close) follows
    }
    const MailboxErrorKind kind = soundsThrottled(r.code, r.text) ? MailboxErrorKind::kThrottled
                                                                  : MailboxErrorKind::kUnavailable;
    fail(mailboxError(kind, "the server ended the session; " + serverSaid(r.text)));
    return;
  }
  if (r.keyword == "CAPABILITY") {
    std::string list;
    for (const Value& v : r.data) {
      list.append(v.str()).append(" ");
    }
    setCapabilities(list);
  } else if (r.keyword == "EXISTS" && r.number) {
    const uint32_t before = mailbox_.exists;
    mailbox_.exists = *r.number;
    if (selected_ && *r.number != before) {
      emit(event::MailboxChanged{*r.number});
    }
  } else if (r.keyword == "EXPUNGE" && mailbox_.exists > 0) {
    --mailbox_.exists;
  } else if (r.keyword == "SEARCH" && inFlight_ && inFlight_->command == Command::kSearch) {
    for (const Value& v : r.data) {
      if (const std::optional<uint32_t> uid = v.number32()) {
        searchHits_.push_back(*uid);
      }
    }
  } else if (r.keyword == "FETCH" && inFlight_) {
    const Command c = inFlight_->command;
    if (c != Command::kFetchMeta && c != Command::kFetchBody && c != Command::kLastUid) {
      return;  // flag changes while idling or polling
    }
    Result<FetchData> data = parseFetch(r);
    if (!data.ok()) {
      fail(data.error());
      return;
    }
    if (c == Command::kLastUid) {
      lastUidSeen_ = data->uid;
    } else if (c == Command::kFetchMeta) {
      fetched_.push_back(std::move(data).value());
    } else {
      for (FetchData& f : fetched_) {
        if (f.uid && data->uid && *f.uid == *data->uid) {
          f.sections.merge(data->sections);
        }
      }
    }
  } else if (r.keyword == "STATUS" && inFlight_ && inFlight_->command == Command::kStatus &&
             r.data.size() >= 2) {
    const Value& items = r.data.back();
    for (size_t i = 0; i + 1 < items.items.size(); i += 2) {
      const std::string name = upper(items.items[i].str());
      const uint32_t value = items.items[i + 1].number32().value_or(0);
      if (name == "MESSAGES") {
        statusRead_.exists = value;
      } else if (name == "UIDNEXT") {
        statusRead_.uidNext = value;
      } else if (name == "UIDVALIDITY") {
        statusRead_.uidValidity = value;
      }
    }
  }
}

void Session::handleContinuation(const Response& r) {
  if (!inFlight_) {
    return;
  }
  if (!inFlight_->chunks.empty()) {
    output_.append(inFlight_->chunks.front());
    inFlight_->chunks.pop_front();
    return;
  }
  if (inFlight_->command == Command::kIdle) {
    if (phase_ != Phase::kIdling) {
      phase_ = Phase::kIdling;
      emit(event::IdleStarted{});
    }
    return;
  }
  if (inFlight_->command == Command::kAuthenticate) {
    // A challenge ENP has no answer for (the server did not accept the PLAIN response as it
    // expected): cancel the exchange (RFC 3501 §6.2.2); the tagged NO or BAD follows.
    (void)r;
    output_.append("*\r\n");
  }
}

void Session::handleTagged(const Response& r) {
  if (!endedIdleTag_.empty() && r.tag == endedIdleTag_) {
    endedIdleTag_.clear();
    return;
  }
  if (!inFlight_ || r.tag != inFlight_->tag) {
    fail(mailboxError(MailboxErrorKind::kProtocol,
                      "an answer to a command ENP did not send (tag " + r.tag.substr(0, 20) + ")"));
    return;
  }
  const InFlight done = std::move(*inFlight_);
  inFlight_.reset();
  if (r.code == "ALERT") {
    emit(event::Alert{serverSaid(r.text)});
  }
  const bool ok = r.status == "OK";
  switch (done.command) {
    case Command::kCapability:
      if (!ok) {
        fail(
            mailboxError(MailboxErrorKind::kProtocol, "CAPABILITY refused; " + serverSaid(r.text)));
      } else if (loggedIn_) {
        afterLoginCapabilities();
      } else {
        afterPreAuthCapabilities();
      }
      return;
    case Command::kStartTls:
      if (!ok) {
        fail(mailboxError(MailboxErrorKind::kInsecure,
                          "the server refused STARTTLS; " + serverSaid(r.text)));
        return;
      }
      phase_ = Phase::kTlsHandshake;
      return;
    case Command::kLogin:
    case Command::kAuthenticate:
      if (ok) {
        afterLogin(r);
      } else {
        loginRefused(r);
      }
      return;
    case Command::kId:
      phase_ = Phase::kAuthenticated;
      emit(event::LoggedIn{});
      return;
    case Command::kExamine:
    case Command::kLastUid:
      examined(r);
      return;
    case Command::kSearch:
      searched(r);
      return;
    case Command::kFetchMeta:
      fetchedMeta(r);
      return;
    case Command::kFetchBody:
      if (!ok) {
        fail(mailboxError(MailboxErrorKind::kProtocol, "FETCH refused; " + serverSaid(r.text)));
        return;
      }
      fetchNextBodies();
      return;
    case Command::kIdle:
      idleEnded(r);
      return;
    case Command::kNoop:
      emit(event::Polled{mailbox_.exists});
      return;
    case Command::kStatus:
      if (!ok) {
        fail(mailboxError(MailboxErrorKind::kNoFolder, "STATUS refused; " + serverSaid(r.text)));
        return;
      }
      emit(event::StatusRead{statusRead_});
      return;
    case Command::kLogout:
      phase_ = Phase::kClosed;
      emit(event::LoggedOut{});
      return;
  }
}

}  // namespace enp::imap
