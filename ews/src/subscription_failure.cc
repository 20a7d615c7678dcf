#include "ews/subscription_failure.h"

#include <array>
#include <string_view>
#include <utility>

namespace ews {
namespace {

using F = SubscriptionFailure;

constexpr std::array<std::pair<std::string_view, F>, 15> kCodes = {{
    {"ErrorInvalidWatermark", F::kWatermarkUnusable},
    {"ErrorExpiredSubscription", F::kWatermarkUnusable},
    {"ErrorSubscriptionNotFound", F::kWatermarkUnusable},
    {"ErrorInvalidSubscription", F::kWatermarkUnusable},
    {"ErrorReadEventsFailed", F::kWatermarkUnusable},
    {"ErrorServerBusy", F::kServerBusy},
    {"ErrorMailboxMoveInProgress", F::kMailboxUnavailable},
    {"ErrorMailboxStoreUnavailable", F::kMailboxUnavailable},
    {"ErrorImpersonateUserDenied", F::kAccessDenied},
    {"ErrorImpersonationDenied", F::kAccessDenied},
    {"ErrorImpersonationFailed", F::kAccessDenied},
    {"ErrorAccessDenied", F::kAccessDenied},
    {"ErrorNonExistentMailbox", F::kNoMailbox},
    {"ErrorExceededSubscriptionCount", F::kTooManySubscriptions},
    {"ErrorInvalidPushSubscriptionUrl", F::kBadCallbackUrl},
}};

}  // namespace

const char* toString(SubscriptionFailure f) {
  switch (f) {
    case F::kWatermarkUnusable:
      return "watermark-unusable";
    case F::kServerBusy:
      return "server-busy";
    case F::kMailboxUnavailable:
      return "mailbox-unavailable";
    case F::kAccessDenied:
      return "access-denied";
    case F::kNoMailbox:
      return "no-mailbox";
    case F::kUnauthorized:
      return "unauthorized";
    case F::kTooManySubscriptions:
      return "too-many-subscriptions";
    case F::kBadCallbackUrl:
      return "bad-callback-url";
    case F::kTransient:
      return "transient";
    case F::kOther:
      return "other";
  }
  return "other";
}

SubscriptionFailure classifySubscriptionFailure(const Error& error) {
  if (error.isServerBusy()) {
    return F::kServerBusy;
  }
  for (const auto& [code, failure] : kCodes) {
    if (error.code == code) {
      return failure;
    }
  }
  switch (error.kind) {
    case ErrorKind::kTransport:
      return F::kTransient;
    case ErrorKind::kHttp:
      if (error.httpStatus == 401) {
        return F::kUnauthorized;
      }
      if (error.httpStatus == 503) {
        return F::kServerBusy;
      }
      return error.httpStatus >= 500 ? F::kTransient : F::kOther;
    case ErrorKind::kSoapFault:
    case ErrorKind::kExchange:
      return error.code == "ErrorInternalServerError" ? F::kTransient : F::kOther;
    case ErrorKind::kParse:
      return F::kOther;
  }
  return F::kOther;
}

}  // namespace ews
