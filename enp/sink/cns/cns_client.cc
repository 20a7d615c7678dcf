#include "enp/sink/cns/cns_client.h"

#include <algorithm>
#include <utility>

#include "Poco/DateTime.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeParser.h"
#include "Poco/Exception.h"

namespace enp {
namespace {

using std::chrono::milliseconds;

char toLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return toLowerAscii(x) == toLowerAscii(y);
         });
}

// The first header with that name, case-insensitively; "" when absent.
std::string_view findHeader(const ews::Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (equalsIgnoreCase(key, name)) {
      return value;
    }
  }
  return {};
}

std::string_view trim(std::string_view text) {
  const auto isBlank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && isBlank(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && isBlank(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

milliseconds capWait(milliseconds wait) {
  return std::clamp(wait, milliseconds(0), kMaxRetryAfter);
}

// True when value has the shape: 'A' an upper-case letter, 'a' a lower-case one, 'd' a digit,
// '_' a space or a digit, anything else itself.
bool matchesShape(std::string_view value, std::string_view shape) {
  if (value.size() != shape.size()) {
    return false;
  }
  for (size_t i = 0; i < shape.size(); ++i) {
    const char c = value[i];
    const bool digit = c >= '0' && c <= '9';
    bool ok = false;
    switch (shape[i]) {
      case 'A':
        ok = c >= 'A' && c <= 'Z';
        break;
      case 'a':
        ok = c >= 'a' && c <= 'z';
        break;
      case 'd':
        ok = digit;
        break;
      case '_':
        ok = digit || c == ' ';
        break;
      default:
        ok = c == shape[i];
    }
    if (!ok) {
      return false;
    }
  }
  return true;
}

// The three HTTP-date forms of RFC 9110 §5.6.7, or nullptr when value has none of their shapes.
// Poco's DateTimeParser accepts almost anything (even "soon"), so the shape is checked first and
// only a value of that shape is handed to Poco, with that form's format.
const std::string* httpDateFormat(std::string_view value) {
  if (matchesShape(value, "Aaa, dd Aaa dddd dd:dd:dd GMT")) {
    return &Poco::DateTimeFormat::HTTP_FORMAT;  // IMF-fixdate.
  }
  if (matchesShape(value, "Aaa Aaa _d dd:dd:dd dddd")) {
    return &Poco::DateTimeFormat::ASCTIME_FORMAT;
  }
  const size_t comma = value.find(',');
  constexpr std::string_view kRfc850Rest = ", dd-Aaa-dd dd:dd:dd GMT";
  if (comma >= 6 && comma <= 9 && matchesShape(value.substr(0, 1), "A") &&
      std::all_of(value.begin() + 1, value.begin() + static_cast<ptrdiff_t>(comma),
                  [](char c) { return c >= 'a' && c <= 'z'; }) &&
      matchesShape(value.substr(comma), kRfc850Rest)) {
    return &Poco::DateTimeFormat::RFC850_FORMAT;
  }
  return nullptr;
}

std::optional<milliseconds> parseHttpDate(const std::string& value,
                                          std::chrono::system_clock::time_point now) {
  const std::string* format = httpDateFormat(value);
  if (format == nullptr) {
    return std::nullopt;
  }
  Poco::DateTime date;
  int tzd = 0;
  try {
    if (!Poco::DateTimeParser::tryParse(*format, value, date, tzd)) {
      return std::nullopt;
    }
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
  date.makeUTC(tzd);
  const std::chrono::microseconds then(date.timestamp().epochMicroseconds());
  const auto nowMicros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch());
  return capWait(std::chrono::duration_cast<milliseconds>(then - nowMicros));
}

bool isRetryStatus(long status) { return status == 408 || status == 429 || status >= 500; }

}  // namespace

const char* toString(SinkResult::Outcome outcome) {
  switch (outcome) {
    case SinkResult::Outcome::kDelivered:
      return "delivered";
    case SinkResult::Outcome::kRetry:
      return "retry";
    case SinkResult::Outcome::kDeadLetter:
      return "dead-letter";
  }
  return "retry";
}

std::optional<milliseconds> parseRetryAfter(std::string_view value,
                                            std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) {
    return std::nullopt;
  }
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    // More than 9 digits is far beyond the cap anyway; this also keeps the arithmetic small.
    if (value.size() > 9) {
      return kMaxRetryAfter;
    }
    int64_t seconds = 0;
    for (char c : value) {
      seconds = seconds * 10 + (c - '0');
    }
    return capWait(std::chrono::seconds(seconds));
  }
  return parseHttpDate(std::string(value), now);
}

CnsClient::CnsClient(ews::Transport& transport, const CnsSigner& signer, std::string url,
                     std::string token)
    : transport_(transport), signer_(signer), url_(std::move(url)), token_(std::move(token)) {}

std::optional<ews::HttpRequest> CnsClient::request(
    const std::string& deviceToken, const std::string& jti,
    const Poco::JSON::Object::Ptr& notification, std::chrono::system_clock::time_point now) const {
  ews::HttpRequest request;
  request.url = url_;
  request.body = signer_.sign(deviceToken, jti, notification, now);
  if (request.body.empty()) {
    return std::nullopt;
  }
  request.headers = {{"Authorization", "Bearer " + token_},
                     {"Content-Type", "application/jwt"},
                     {"Accept", "application/json"}};
  return request;
}

SinkResult CnsClient::signingFailed() {
  SinkResult result;
  result.outcome = SinkResult::Outcome::kDeadLetter;
  result.detail = "could not sign the CNS payload";
  return result;
}

SinkResult CnsClient::answer(const ews::Result<ews::HttpReply>& reply,
                             std::chrono::system_clock::time_point now) {
  SinkResult result;
  if (!reply.ok()) {
    result.outcome = SinkResult::Outcome::kRetry;
    result.detail = "no answer from CNS: " + reply.error().code;
    return result;
  }
  result.httpStatus = reply->status;
  result.detail = "CNS answered HTTP " + std::to_string(reply->status);
  if (reply->status >= 200 && reply->status <= 299) {
    result.outcome = SinkResult::Outcome::kDelivered;
    return result;
  }
  result.refusal = readCnsRefusal(reply->status, findHeader(reply->headers, "Content-Type"),
                                  reply->body, findHeader(reply->headers, "WWW-Authenticate"));
  if (!result.refusal.reason.empty()) {
    result.detail += " (" + result.refusal.reason + ")";
  }
  if (const std::string label = cnsSettingLabel(result.refusal.setting); !label.empty()) {
    result.detail += "; check: " + label;
  }
  if (!isRetryStatus(reply->status)) {
    result.outcome = SinkResult::Outcome::kDeadLetter;
    return result;
  }
  result.outcome = SinkResult::Outcome::kRetry;
  const std::string_view retryAfter = findHeader(reply->headers, "Retry-After");
  if (std::optional<milliseconds> wait = parseRetryAfter(retryAfter, now)) {
    result.retryAfter = *wait;
    result.detail += ", Retry-After " + std::to_string(wait->count() / 1000) + " s";
  } else if (!trim(retryAfter).empty()) {
    result.detail += ", unreadable Retry-After ignored";
  }
  return result;
}

SinkResult CnsClient::deliver(const std::string& deviceToken, const std::string& jti,
                              const Poco::JSON::Object::Ptr& notification,
                              std::chrono::system_clock::time_point now) {
  const std::optional<ews::HttpRequest> signedRequest =
      request(deviceToken, jti, notification, now);
  if (!signedRequest) {
    return signingFailed();
  }
  return answer(transport_.post(*signedRequest), now);
}

}  // namespace enp
