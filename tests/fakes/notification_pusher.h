#pragma once

// Exchange's side of a push subscription: POST a SendNotification to the callback URL, read the
// m:SendNotificationResult/m:SubscriptionStatus, and retry an unanswered notification on
// Exchange's schedule (NOTES §1.3: 30 s, then doubling, until StatusFrequency is exhausted).

#include <chrono>
#include <string>
#include <vector>

#include "loopback_server.h"

namespace fakes {

struct PushOptions {
  /// Length of one Exchange "second": 1 s in production terms, 1 ms in a test (the 30 s first
  /// retry then takes 30 ms). Scales the retry schedule only, not the request timeout.
  std::chrono::milliseconds secondLength{1000};
  int statusFrequencyMinutes = 30;                  ///< 1..1440; bounds the retries.
  std::chrono::milliseconds requestTimeout{10000};  ///< Per attempt: connect, send, receive.
  std::string caFile;       ///< https: CA bundle to verify the listener; empty = no verification.
  std::string soapAction =  ///< Sent as the SOAPAction header.
      "http://schemas.microsoft.com/exchange/services/2006/messages/SendNotification";
};

struct PushOutcome {
  enum class Status { kOk, kUnsubscribe, kFailed };
  Status status = Status::kFailed;
  int attempts = 0;
  int lastHttpStatus = 0;  ///< 0 when the last attempt got no HTTP answer.
  std::string lastError;   ///< Why the last attempt failed; empty on success.
  std::string lastBody;    ///< Body of the last answer.
};

const char* toString(PushOutcome::Status status);

/// Delays (in Exchange seconds) before each retry for a StatusFrequency: 30, 60, 120, ... while
/// the delay fits in StatusFrequency minutes. 30 min -> {30, 60, 120, 240, 480, 960}.
std::vector<int> exchangeRetryDelays(int statusFrequencyMinutes);

/// One POST, no retry: Status kOk / kUnsubscribe from a 200 answer carrying
/// m:SubscriptionStatus; kFailed otherwise. attempts is 1.
PushOutcome pushOnce(const std::string& callbackUrl, const std::string& xml,
                     const PushOptions& options);

/// POSTs and retries on the Exchange schedule while there is no usable answer. Waits between
/// attempts end early (returning kFailed) when stop is signalled; stop may be null.
PushOutcome pushWithRetries(const std::string& callbackUrl, const std::string& xml,
                            const PushOptions& options, StopSignal* stop);

}  // namespace fakes
