#include "enp/source/imap/response_reader.h"

#include <utility>

#include "enp/source/imap/mailbox_error.h"
#include "enp/source/imap/response_parser.h"

namespace enp::imap {
namespace {

// The literal size announced at the end of `line` ("... {123}" or "{123+}", CR removed), or
// nullopt when the line does not end with one. Sizes beyond 12 digits count as huge.
std::optional<uint64_t> announcedLiteral(std::string_view line) {
  if (line.empty() || line.back() != '}') {
    return std::nullopt;
  }
  size_t i = line.size() - 1;
  if (i > 0 && line[i - 1] == '+') {
    --i;
  }
  const size_t digitsEnd = i;
  while (i > 0 && line[i - 1] >= '0' && line[i - 1] <= '9') {
    --i;
  }
  if (i == digitsEnd || i == 0 || line[i - 1] != '{') {
    return std::nullopt;
  }
  if (digitsEnd - i > 12) {
    return UINT64_MAX;
  }
  uint64_t n = 0;
  for (size_t k = i; k < digitsEnd; ++k) {
    n = n * 10 + static_cast<uint64_t>(line[k] - '0');
  }
  return n;
}

}  // namespace

void ResponseReader::feed(std::string_view bytes) {
  // Drop what was handed out before growing the buffer.
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(0, start_);
    lineStart_ -= start_;
    start_ = 0;
  }
  buffer_.append(bytes);
}

Status ResponseReader::fail(const std::string& what) {
  error_ = mailboxError(MailboxErrorKind::kProtocol, what);
  return *error_;
}

Result<std::optional<Response>> ResponseReader::next() {
  if (error_) {
    return *error_;
  }
  while (true) {
    if (literalLeft_ > 0) {
      const size_t available = buffer_.size() - lineStart_;
      if (available < literalLeft_) {
        return std::optional<Response>();
      }
      lineStart_ += literalLeft_;
      literalLeft_ = 0;
      scanned_ = 0;
    }
    const size_t from = lineStart_ + scanned_;
    const size_t lf = buffer_.find('\n', from);
    if (lf == std::string::npos) {
      scanned_ = buffer_.size() - lineStart_;
      if (scanned_ > limits_.maxLineBytes) {
        return fail("a server line longer than " + std::to_string(limits_.maxLineBytes) + " bytes");
      }
      return std::optional<Response>();
    }
    if (lf + 1 - lineStart_ > limits_.maxLineBytes) {
      return fail("a server line longer than " + std::to_string(limits_.maxLineBytes) + " bytes");
    }
    std::string_view line(buffer_.data() + lineStart_, lf - lineStart_);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    const std::optional<uint64_t> literal = announcedLiteral(line);
    const bool continuation = lineStart_ == start_ && line.starts_with("+");
    if (literal && !continuation) {
      if (*literal > limits_.maxLiteralBytes) {
        return fail("a literal of " + std::to_string(*literal) + " bytes (limit " +
                    std::to_string(limits_.maxLiteralBytes) + ")");
      }
      if (lf + 1 - start_ + *literal > limits_.maxResponseBytes) {
        return fail("a response longer than " + std::to_string(limits_.maxResponseBytes) +
                    " bytes");
      }
      lineStart_ = lf + 1;
      scanned_ = 0;
      literalLeft_ = static_cast<size_t>(*literal);
      continue;
    }
    if (lf + 1 - start_ > limits_.maxResponseBytes) {
      return fail("a response longer than " + std::to_string(limits_.maxResponseBytes) + " bytes");
    }
    const std::string_view raw(buffer_.data() + start_, lf + 1 - start_);
    Result<Response> parsed = parseResponse(raw, limits_);
    start_ = lf + 1;
    lineStart_ = start_;
    scanned_ = 0;
    if (!parsed.ok()) {
      error_ = parsed.error();
      return *error_;
    }
    return std::optional<Response>(std::move(parsed).value());
  }
}

}  // namespace enp::imap
