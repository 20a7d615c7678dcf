#pragma once

#include <chrono>
#include <string>

namespace enp {

/// Why reading or pushing one mail failed, in the terms the retry policy decides on
/// (retry_policy.h). Each source and sink maps its own errors to these kinds: EWS in
/// source/ews/ews_failure.cc, CNS in sink/cns/cns_sink.cc.
enum class FailureKind {
  kBusy,           ///< The upstream asks to wait (EWS ErrorServerBusy, HTTP 429).
  kUnreachable,    ///< No answer, a timeout, a 5xx: the upstream is down or overloaded.
  kAuth,           ///< Credentials or rights refused (impersonation denied, HTTP 401/403).
  kNotConfigured,  ///< Nothing is configured to reach the upstream, or its settings are unusable.
  kItemGone,       ///< The mail no longer exists.
  kBadItem,        ///< The mail system refused the item's id.
  kNoMailbox,      ///< The mailbox does not exist.
  kRefused,        ///< The sink refused this notification; repeating it will not help.
  kProtocol,       ///< An answer that cannot be matched to the request (a bug on either side).
};

const char* toString(FailureKind kind);

/// One failure, as a source or sink reports it.
struct Failure {
  FailureKind kind = FailureKind::kUnreachable;
  /// The family of the upstream: "exchange", "cns"; names alerts ("exchange-auth") and rules
  /// ("cns-refused").
  std::string system;
  /// The technical detail for logs and the queue's last_error ("SoapFault ErrorServerBusy ...").
  /// No secrets, no mail content.
  std::string detail;
  /// Plain words for the administrator: what to check or fix (may be empty).
  std::string advice;
  /// The wait the upstream asked for (BackOffMilliseconds, Retry-After); 0 = none.
  std::chrono::milliseconds retryAfter{0};
};

}  // namespace enp
