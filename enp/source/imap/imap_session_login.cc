// Session: from the greeting to event::LoggedIn (RFC 3501 §6.1-6.2).
#include "enp/source/imap/command_text.h"
#include "enp/source/imap/imap_session.h"
#include "enp/source/imap/mailbox_error.h"

namespace enp::imap {
namespace {

std::string quoted(std::string_view s) { return astring(s, false).front(); }

}  // namespace

void Session::afterGreeting(const Response& greeting) {
  (void)greeting;
  greetingDeadline_.reset();
  phase_ = Phase::kLoggingIn;
  if (capabilitiesKnown_) {
    afterPreAuthCapabilities();
  } else {
    send(Command::kCapability, "CAPABILITY", now_);
  }
}

void Session::afterPreAuthCapabilities() {
  if (!tls_) {
    if (!hasCapability("STARTTLS")) {
      fail(mailboxError(MailboxErrorKind::kInsecure,
                        "the server does not offer STARTTLS; refusing to send the password "
                        "without TLS (use port 993 with TLS, or enable STARTTLS on the server)"));
      return;
    }
    send(Command::kStartTls, "STARTTLS", now_);
    return;
  }
  login();
}

void Session::login() {
  const bool literalPlus = hasCapability("LITERAL+");
  if (options_.login == LoginMethod::kSaslPlain && hasCapability("AUTH=PLAIN")) {
    const std::string response = saslPlain(options_.user, options_.password);
    if (hasCapability("SASL-IR")) {
      send(Command::kAuthenticate, "AUTHENTICATE PLAIN " + response, now_);
    } else {
      send(Command::kAuthenticate, "AUTHENTICATE PLAIN", now_, {response + "\r\n"});
    }
    return;
  }
  if (hasCapability("LOGINDISABLED")) {
    fail(mailboxError(MailboxErrorKind::kAuthFailed,
                      "the server offers no login method ENP supports (LOGIN is disabled and "
                      "AUTH=PLAIN is not offered)"));
    return;
  }
  // LOGIN user password, each a quoted string or a literal; a literal's bytes go out after the
  // server's continuation (or at once with LITERAL+).
  std::string line = "LOGIN";
  std::deque<std::string> chunks;
  std::string* tail = &line;
  for (std::string_view arg :
       {std::string_view(options_.user), std::string_view(options_.password)}) {
    std::vector<std::string> pieces = astring(arg, literalPlus);
    tail->append(" ").append(pieces[0]);
    if (pieces.size() == 2) {
      if (literalPlus) {
        tail->append("\r\n").append(pieces[1]);
      } else {
        chunks.push_back(pieces[1]);
        tail = &chunks.back();
      }
    }
  }
  // Every chunk ends a line: the next literal's announcement, or the command.
  for (std::string& chunk : chunks) {
    chunk.append("\r\n");
  }
  send(Command::kLogin, line, now_, std::move(chunks));
}

void Session::afterLogin(const Response& ok) {
  loggedIn_ = true;
  if (ok.code == "CAPABILITY") {
    setCapabilities(ok.codeArgs);
    afterLoginCapabilities();
    return;
  }
  capabilities_.clear();
  capabilitiesKnown_ = false;
  send(Command::kCapability, "CAPABILITY", now_);
}

void Session::afterLoginCapabilities() {
  if (options_.sendId && hasCapability("ID")) {
    std::string id = "ID (\"name\" \"ENP\"";
    if (!options_.clientVersion.empty()) {
      id += " \"version\" " + quoted(options_.clientVersion);
    }
    id += ")";
    send(Command::kId, id, now_);
    return;
  }
  phase_ = Phase::kAuthenticated;
  emit(event::LoggedIn{});
}

void Session::loginRefused(const Response& r) {
  MailboxErrorKind kind = MailboxErrorKind::kAuthFailed;
  if (r.code == "UNAVAILABLE") {
    kind = MailboxErrorKind::kUnavailable;
  } else if (soundsThrottled(r.code, r.text)) {
    kind = MailboxErrorKind::kThrottled;
  } else if (r.status == "BAD") {
    kind = MailboxErrorKind::kProtocol;
  } else if (r.code == "PRIVACYREQUIRED") {
    kind = MailboxErrorKind::kInsecure;
  }
  std::string words = kind == MailboxErrorKind::kAuthFailed
                          ? "the server refused the user name or password; "
                          : "login refused; ";
  fail(
      mailboxError(kind, words + serverSaid((r.code.empty() ? "" : "[" + r.code + "] ") + r.text)));
}

}  // namespace enp::imap
