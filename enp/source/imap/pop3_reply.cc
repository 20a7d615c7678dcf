#include "enp/source/imap/pop3_reply.h"

#include "enp/source/imap/mailbox_error.h"

namespace enp::imap {
namespace {

constexpr size_t kMaxLine = 64 * 1024;
constexpr size_t kMaxReply = 8 * 1024 * 1024;

Status tooLong(const char* what) {
  return mailboxError(MailboxErrorKind::kProtocol, std::string("a POP3 ") + what + " too long");
}

std::string_view withoutBreak(std::string_view line) {
  if (!line.empty() && line.back() == '\n') {
    line.remove_suffix(1);
  }
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

}  // namespace

Result<std::optional<Pop3Reply>> Pop3ReplyReader::next(bool multiLine) {
  const size_t firstEnd = buffer_.find('\n');
  if (firstEnd == std::string::npos) {
    if (buffer_.size() > kMaxLine) {
      return tooLong("line");
    }
    return std::optional<Pop3Reply>();
  }
  if (firstEnd > kMaxLine) {
    return tooLong("line");
  }
  const std::string_view status = withoutBreak(std::string_view(buffer_).substr(0, firstEnd + 1));
  Pop3Reply reply;
  if (status.starts_with("+OK")) {
    reply.ok = true;
    reply.text = std::string(status.substr(status.size() > 3 && status[3] == ' ' ? 4 : 3));
  } else if (status.starts_with("-ERR")) {
    reply.text = std::string(status.substr(status.size() > 4 && status[4] == ' ' ? 5 : 4));
  } else if (status.starts_with("+ ") || status == "+") {
    reply.ok = true;  // a SASL continuation
    reply.text = std::string(status.substr(status.size() > 1 ? 2 : 1));
    buffer_.erase(0, firstEnd + 1);
    return std::optional<Pop3Reply>(std::move(reply));
  } else {
    return mailboxError(MailboxErrorKind::kProtocol, "not a POP3 reply: " + serverSaid(status));
  }
  if (!multiLine || !reply.ok) {
    buffer_.erase(0, firstEnd + 1);
    return std::optional<Pop3Reply>(std::move(reply));
  }
  size_t pos = firstEnd + 1;
  while (true) {
    const size_t end = buffer_.find('\n', pos);
    if (end == std::string::npos) {
      if (buffer_.size() - pos > kMaxLine) {
        return tooLong("line");
      }
      if (buffer_.size() > kMaxReply) {
        return tooLong("reply");
      }
      return std::optional<Pop3Reply>();
    }
    if (end - pos > kMaxLine) {
      return tooLong("line");
    }
    std::string_view line = withoutBreak(std::string_view(buffer_).substr(pos, end + 1 - pos));
    pos = end + 1;
    if (line == ".") {
      break;
    }
    if (line.starts_with(".")) {
      line.remove_prefix(1);
    }
    reply.lines.emplace_back(line);
  }
  buffer_.erase(0, pos);
  return std::optional<Pop3Reply>(std::move(reply));
}

}  // namespace enp::imap
