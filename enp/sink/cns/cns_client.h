#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "Poco/JSON/Object.h"
#include "enp/sink/cns/cns_refusal.h"
#include "enp/sink/cns/cns_signer.h"
#include "ews/transport.h"

namespace enp {

/// What became of one delivery attempt, for the pipeline's retry policy (DESIGN §6.3).
struct SinkResult {
  enum class Outcome {
    kDelivered,   ///< CNS accepted it (2xx).
    kRetry,       ///< Try again later: no answer, 408, 429 or 5xx.
    kDeadLetter,  ///< Will not succeed by repeating: other 4xx, 1xx/3xx, or signing failed.
  };
  Outcome outcome = Outcome::kRetry;
  /// From Retry-After (kRetry only), capped at kMaxRetryAfter; 0 = use backoffDelay().
  std::chrono::milliseconds retryAfter{0};
  long httpStatus = 0;  ///< 0 when no HTTP answer came.
  /// For logs and the console: no secrets, no mail content; of the body only CNS's stated
  /// reason for a refusal (refusal.reason).
  std::string detail;
  CnsRefusal refusal;  ///< A refusal's reason and the setting it points at (non-2xx only).
};

const char* toString(SinkResult::Outcome outcome);

/// The longest wait a Retry-After header can ask for; longer values are cut to it.
inline constexpr std::chrono::milliseconds kMaxRetryAfter = std::chrono::hours(1);

/// Parses a Retry-After value (RFC 9110 §10.2.3): delta-seconds, or an HTTP-date (IMF-fixdate,
/// and the obsolete RFC 850 and asctime forms) taken relative to now. Returns the wait capped at
/// kMaxRetryAfter; 0 for a date in the past; nullopt when the value is empty or malformed.
std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

/// Delivers signed notifications to CNS (DESIGN §4.5): POST <url> with
/// "Authorization: Bearer <token>", "Content-Type: application/jwt" and the JWS as the body.
///
/// Status mapping: 2xx -> kDelivered; 408, 429, 5xx and no answer (transport error) -> kRetry
/// (honouring Retry-After when present); any other status (400, 401, 403, 404, 413, ..., and
/// 1xx/3xx, since the transport does not follow redirects) -> kDeadLetter.
///
/// Thread safety: like its Transport, one CnsClient is used by one thread at a time; give each
/// worker its own. The transport and the signer must outlive the sink.
class CnsClient {
 public:
  CnsClient(ews::Transport& transport, const CnsSigner& signer, std::string url, std::string token);

  /// Signs (see CnsSigner::sign) and posts one notification; never throws.
  SinkResult deliver(const std::string& deviceToken, const std::string& jti,
                     const Poco::JSON::Object::Ptr& notification,
                     std::chrono::system_clock::time_point now);

  /// deliver() in two halves, for a caller that sends the request itself (ews::CurlMulti):
  /// the signed request (nullopt when signing failed: answer() of no reply then says so), and
  /// what the reply means.
  std::optional<ews::HttpRequest> request(const std::string& deviceToken, const std::string& jti,
                                          const Poco::JSON::Object::Ptr& notification,
                                          std::chrono::system_clock::time_point now) const;
  static SinkResult answer(const ews::Result<ews::HttpReply>& reply,
                           std::chrono::system_clock::time_point now);
  /// The SinkResult of a notification that could not be signed.
  static SinkResult signingFailed();

 private:
  // Constant after construction.
  ews::Transport& transport_;
  const CnsSigner& signer_;
  const std::string url_;
  const std::string token_;
};

}  // namespace enp
