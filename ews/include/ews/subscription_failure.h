#pragma once

#include "ews/error.h"

namespace ews {

/// What a failed Subscribe (or a subscription Exchange reports as lost) means for the caller,
/// whatever layer it came from. Each value maps to one action.
enum class SubscriptionFailure {
  /// The watermark (or the old subscription) is no longer usable: ErrorInvalidWatermark,
  /// ErrorExpiredSubscription, ErrorSubscriptionNotFound, ErrorInvalidSubscription,
  /// ErrorReadEventsFailed. Subscribe fresh, without a watermark, and catch up with FindItem.
  kWatermarkUnusable,
  /// ErrorServerBusy (also as the inner code of another error) or HTTP 503: wait
  /// Error::backOffMilliseconds when given, then retry.
  kServerBusy,
  /// ErrorMailboxMoveInProgress, ErrorMailboxStoreUnavailable: the mailbox is briefly
  /// unavailable; retry later with the same watermark.
  kMailboxUnavailable,
  /// ErrorImpersonateUserDenied, ErrorImpersonationDenied, ErrorImpersonationFailed,
  /// ErrorAccessDenied: the service account may not act for this mailbox; the admin must act.
  kAccessDenied,
  /// ErrorNonExistentMailbox: the address is no mailbox (any more); the admin must act.
  kNoMailbox,
  /// HTTP 401: the service account's credentials were refused; the admin must act.
  kUnauthorized,
  /// ErrorExceededSubscriptionCount: the mailbox has too many subscriptions.
  kTooManySubscriptions,
  /// ErrorInvalidPushSubscriptionUrl: Exchange will not call ENP's callback URL (configuration).
  kBadCallbackUrl,
  /// No answer (transport), another HTTP 5xx, ErrorInternalServerError: retry later.
  kTransient,
  /// Anything else (schema errors, unexpected answers): a defect to report, not to retry fast.
  kOther,
};

const char* toString(SubscriptionFailure f);  ///< "watermark-unusable", "server-busy", ...

/// The class of a Subscribe error (or of a NotificationError's ResponseCode wrapped in an
/// Error::exchange()).
SubscriptionFailure classifySubscriptionFailure(const Error& error);

}  // namespace ews
