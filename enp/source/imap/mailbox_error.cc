#include "enp/source/imap/mailbox_error.h"

#include <array>

#include "base/utf8.h"

namespace enp::imap {
namespace {

constexpr size_t kMaxWords = 200;

StatusCode codeOf(MailboxErrorKind kind) {
  switch (kind) {
    case MailboxErrorKind::kAuthFailed:
    case MailboxErrorKind::kInsecure:
      return StatusCode::kInvalid;
    case MailboxErrorKind::kThrottled:
    case MailboxErrorKind::kUnavailable:
      return StatusCode::kUnavailable;
    case MailboxErrorKind::kNoFolder:
      return StatusCode::kNotFound;
    case MailboxErrorKind::kProtocol:
      return StatusCode::kInternal;
  }
  return StatusCode::kInternal;
}

constexpr std::array<MailboxErrorKind, 6> kKinds = {
    MailboxErrorKind::kAuthFailed, MailboxErrorKind::kThrottled, MailboxErrorKind::kUnavailable,
    MailboxErrorKind::kInsecure,   MailboxErrorKind::kNoFolder,  MailboxErrorKind::kProtocol};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

}  // namespace

const char* toString(MailboxErrorKind kind) {
  switch (kind) {
    case MailboxErrorKind::kAuthFailed:
      return "auth failed";
    case MailboxErrorKind::kThrottled:
      return "throttled";
    case MailboxErrorKind::kUnavailable:
      return "unavailable";
    case MailboxErrorKind::kInsecure:
      return "TLS";
    case MailboxErrorKind::kNoFolder:
      return "no folder";
    case MailboxErrorKind::kProtocol:
      return "protocol error";
  }
  return "protocol error";
}

Status mailboxError(MailboxErrorKind kind, std::string_view words) {
  std::string message = std::string(toString(kind)) + ": " + std::string(words);
  switch (codeOf(kind)) {
    case StatusCode::kInvalid:
      return Status::invalid(std::move(message));
    case StatusCode::kUnavailable:
      return Status::unavailable(std::move(message));
    case StatusCode::kNotFound:
      return Status::notFound(std::move(message));
    default:
      return Status::internal(std::move(message));
  }
}

MailboxErrorKind mailboxErrorKind(const Status& status) {
  for (MailboxErrorKind kind : kKinds) {
    const std::string prefix = std::string(toString(kind)) + ": ";
    if (status.code() == codeOf(kind) && status.message().starts_with(prefix)) {
      return kind;
    }
  }
  return MailboxErrorKind::kProtocol;
}

std::string serverSaid(std::string_view text) {
  std::string clean;
  for (char c : base::utf8::repair(text)) {
    const auto u = static_cast<unsigned char>(c);
    clean.push_back(u < 0x20 || u == 0x7F ? ' ' : c);
  }
  while (!clean.empty() && clean.back() == ' ') {
    clean.pop_back();
  }
  if (clean.size() > kMaxWords) {
    size_t cut = kMaxWords;
    while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    clean = clean.substr(0, cut) + "\u2026";
  }
  if (clean.empty()) {
    return "the server gave no reason";
  }
  return "the server said: " + clean;
}

bool soundsThrottled(std::string_view code, std::string_view text) {
  if (code == "LIMIT" || code == "THROTTLED") {
    return true;
  }
  const std::string t = lower(text);
  for (std::string_view phrase :
       {"too many", "maximum number of connections", "rate limit", "connection limit", "throttl"}) {
    if (t.find(phrase) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace enp::imap
