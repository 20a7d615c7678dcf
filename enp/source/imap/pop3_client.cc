#include "enp/source/imap/pop3_client.h"

#include <algorithm>
#include <utility>

#include "enp/source/imap/command_text.h"
#include "enp/source/imap/mailbox_error.h"
#include "enp/source/mime/message_text.h"

namespace enp::imap {
namespace {

using Clock = std::chrono::steady_clock;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

// True when a CAPA reply lists `capability` (first word of a line) with `argument` among its
// arguments ("" = any).
bool offers(const Pop3Reply& capa, std::string_view capability, std::string_view argument = "") {
  for (const std::string& line : capa.lines) {
    const std::string l = upper(line);
    const size_t space = l.find(' ');
    if (l.substr(0, space) != capability) {
      continue;
    }
    if (argument.empty()) {
      return true;
    }
    return (" " + l + " ").find(" " + std::string(argument) + " ") != std::string::npos;
  }
  return false;
}

}  // namespace

Pop3Client::Pop3Client(Pop3Account account) : account_(std::move(account)) {}

Pop3Client::~Pop3Client() = default;

Result<Pop3Reply> Pop3Client::readReply(bool multiLine) {
  const Instant deadline = Clock::now() + account_.timeout;
  while (true) {
    Result<std::optional<Pop3Reply>> next = reader_.next(multiLine);
    if (!next.ok()) {
      connection_.reset();
      return next.error();
    }
    if (next->has_value()) {
      return std::move(**next);
    }
    if (Clock::now() >= deadline) {
      connection_.reset();
      return mailboxError(MailboxErrorKind::kUnavailable,
                          "no answer from " + account_.host + " within " +
                              std::to_string(account_.timeout.count()) + " s");
    }
    Result<std::string> bytes = connection_->read(deadline);
    if (!bytes.ok()) {
      connection_.reset();
      return bytes.error();
    }
    reader_.feed(*bytes);
  }
}

// `line` may hold the password (PASS, AUTH PLAIN): it is never logged.
Result<Pop3Reply> Pop3Client::command(const std::string& line, bool multiLine) {
  if (!connection_) {
    return mailboxError(MailboxErrorKind::kUnavailable, "not connected");
  }
  if (Status s = connection_->write(line + "\r\n", Clock::now() + account_.timeout); !s.ok()) {
    connection_.reset();
    return s;
  }
  return readReply(multiLine);
}

Status Pop3Client::refused(const std::string& what, const Pop3Reply& reply, bool login) {
  connection_.reset();
  const std::string& text = reply.text;
  MailboxErrorKind kind = login ? MailboxErrorKind::kAuthFailed : MailboxErrorKind::kProtocol;
  // RFC 3206: [SYS/TEMP] and [IN-USE] are temporary; [AUTH] is the credentials.
  if (text.starts_with("[SYS/TEMP]") || text.starts_with("[IN-USE]")) {
    kind = MailboxErrorKind::kUnavailable;
  } else if (soundsThrottled("", text)) {
    kind = MailboxErrorKind::kThrottled;
  }
  const std::string words = kind == MailboxErrorKind::kAuthFailed
                                ? "the server refused the user name or password; "
                                : what + " refused; ";
  return mailboxError(kind, words + serverSaid(text));
}

Status Pop3Client::connect() {
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
  Result<Pop3Reply> greeting = readReply(false);
  if (!greeting.ok()) {
    return greeting.error();
  }
  if (!greeting->ok) {
    const MailboxErrorKind kind = soundsThrottled("", greeting->text)
                                      ? MailboxErrorKind::kThrottled
                                      : MailboxErrorKind::kUnavailable;
    connection_.reset();
    return mailboxError(kind, "the server refused the connection; " + serverSaid(greeting->text));
  }
  Result<Pop3Reply> capa = command("CAPA", true);
  if (!capa.ok()) {
    return capa.error();
  }
  if (!connection_->tlsActive()) {
    if (!capa->ok || !offers(*capa, "STLS")) {
      connection_.reset();
      return mailboxError(MailboxErrorKind::kInsecure,
                          "the server does not offer STLS; refusing to send the password "
                          "without TLS (use port 995 with TLS, or enable STLS on the server)");
    }
    Result<Pop3Reply> stls = command("STLS", false);
    if (!stls.ok()) {
      return stls.error();
    }
    if (!stls->ok) {
      connection_.reset();
      return mailboxError(MailboxErrorKind::kInsecure,
                          "the server refused STLS; " + serverSaid(stls->text));
    }
    if (Status s = connection_->startTls(); !s.ok()) {
      connection_.reset();
      return s;
    }
    // RFC 2595 §4: capabilities may change after TLS.
    capa = command("CAPA", true);
    if (!capa.ok()) {
      return capa.error();
    }
  }
  if (account_.login == LoginMethod::kSaslPlain && capa->ok && offers(*capa, "SASL", "PLAIN")) {
    Result<Pop3Reply> auth =
        command("AUTH PLAIN " + saslPlain(account_.user, account_.password), false);
    if (!auth.ok()) {
      return auth.error();
    }
    return auth->ok ? Status() : refused("login", *auth, true);
  }
  Result<Pop3Reply> user = command("USER " + account_.user, false);
  if (!user.ok()) {
    return user.error();
  }
  if (!user->ok) {
    return refused("login", *user, true);
  }
  Result<Pop3Reply> pass = command("PASS " + account_.password, false);
  if (!pass.ok()) {
    return pass.error();
  }
  return pass->ok ? Status() : refused("login", *pass, true);
}

Result<std::vector<Pop3Listing>> Pop3Client::list() {
  Result<Pop3Reply> uidl = command("UIDL", true);
  if (!uidl.ok()) {
    return uidl.error();
  }
  if (!uidl->ok) {
    return refused("UIDL", *uidl, false);
  }
  std::vector<Pop3Listing> out;
  for (const std::string& line : uidl->lines) {
    const size_t space = line.find(' ');
    if (space == std::string::npos || space == 0) {
      return mailboxError(MailboxErrorKind::kProtocol, "malformed UIDL line");
    }
    Pop3Listing l;
    try {
      l.number = static_cast<uint32_t>(std::stoul(line.substr(0, space)));
    } catch (const std::exception&) {
      return mailboxError(MailboxErrorKind::kProtocol, "malformed UIDL line");
    }
    l.uid = line.substr(space + 1);
    out.push_back(std::move(l));
  }
  return out;
}

Result<mime::MessageMeta> Pop3Client::top(uint32_t number) {
  Result<Pop3Reply> reply =
      command("TOP " + std::to_string(number) + " " + std::to_string(account_.topLines), true);
  if (!reply.ok()) {
    return reply.error();
  }
  if (!reply->ok) {
    return refused("TOP", *reply, false);
  }
  std::string raw;
  for (const std::string& line : reply->lines) {
    raw.append(line).append("\r\n");
  }
  return mime::summarizeMessage(raw, account_.snippetChars);
}

Result<std::vector<Pop3Message>> Pop3Client::fetchNew(const std::set<std::string>& known,
                                                      size_t max) {
  Result<std::vector<Pop3Listing>> all = list();
  if (!all.ok()) {
    return all.error();
  }
  std::vector<Pop3Listing> fresh;
  for (Pop3Listing& l : *all) {
    if (!known.contains(l.uid)) {
      fresh.push_back(std::move(l));
    }
  }
  if (fresh.size() > max) {
    fresh.erase(fresh.begin(), fresh.end() - static_cast<std::ptrdiff_t>(max));
  }
  std::vector<Pop3Message> out;
  for (Pop3Listing& l : fresh) {
    Result<mime::MessageMeta> meta = top(l.number);
    if (!meta.ok()) {
      return meta.error();
    }
    out.push_back({std::move(l), std::move(meta).value()});
  }
  return out;
}

Status Pop3Client::quit() {
  if (!connection_) {
    return Status();
  }
  Result<Pop3Reply> reply = command("QUIT", false);
  connection_.reset();
  return reply.ok() ? Status() : reply.error();
}

Status checkPop3Login(const Pop3Account& account) {
  Pop3Client client(account);
  if (Status s = client.connect(); !s.ok()) {
    return s;
  }
  (void)client.quit();
  return Status();
}

}  // namespace enp::imap
