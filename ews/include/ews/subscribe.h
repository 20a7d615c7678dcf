#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ews/result.h"
#include "ews/transport.h"
#include "ews/types.h"

namespace ews {

/// A push subscription on one mailbox's Inbox, made through the service account impersonating
/// the mailbox (NOTES §1.2). There is no request to end one: a push subscription ends when the
/// callback answers Unsubscribe (renderSendNotificationResult) or when Exchange gives up
/// delivering (StatusFrequency exhausted); the Unsubscribe operation is for pull and streaming
/// subscriptions only.
struct SubscribeRequest {
  std::string mailbox;  ///< Primary SMTP address to impersonate.
  ServerVersion version = ServerVersion::kExchange2013;
  std::string callbackUrl;  ///< Where Exchange POSTs SendNotification (http or https).
  /// Minutes between heartbeats (StatusEvent) when nothing happens, and how long Exchange keeps
  /// retrying an unanswered notification. 1..1440; a value outside is clamped to the range.
  int statusFrequencyMinutes = 30;
  /// Event types besides NewMailEvent, which is always asked for. StatusEvent (not a type one
  /// subscribes to) and repeats are left out.
  std::vector<EventType> extraEventTypes;
  /// Empty: a fresh subscription from now. Otherwise the last watermark ENP saw: Exchange
  /// replays the events after it, or answers ErrorInvalidWatermark when it no longer can.
  std::string watermark;
};

/// The SOAP envelope: RequestServerVersion, ExchangeImpersonation/ConnectingSID/SmtpAddress,
/// m:Subscribe/m:PushSubscriptionRequest with FolderIds (DistinguishedFolderId inbox),
/// EventTypes, Watermark when given, StatusFrequency and URL, in schema order.
std::string buildSubscribe(const SubscribeRequest& request);

/// What Exchange answered: the new subscription and the watermark it starts from (the given one
/// when resuming). A new SubscriptionId is made on every Subscribe.
struct Subscription {
  std::string subscriptionId;
  std::string watermark;  ///< May be empty (Exchange sends none for streaming subscriptions).
};

/// Parses a Subscribe answer. A SubscribeResponseMessage with ResponseClass="Error" is a
/// kExchange Error with its ResponseCode (ErrorInvalidWatermark, ErrorMailboxMoveInProgress, ...)
/// and BackOffMilliseconds when given; SOAP faults (ErrorImpersonateUserDenied,
/// ErrorServerBusy, ...), HTTP statuses (401) and bodies that are not XML are classified as by
/// classifyFailure(). A success without SubscriptionId, or an id or watermark that is not plain
/// UTF-8 text, is kParse.
Result<Subscription> parseSubscribeResponse(long httpStatus, std::string_view body);

}  // namespace ews
