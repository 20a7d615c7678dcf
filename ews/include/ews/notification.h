#pragma once

#include <string>
#include <string_view>

#include "ews/result.h"
#include "ews/types.h"

namespace ews {

/// Parses the body of a push notification POST (SOAP 1.1 SendNotification), in every form
/// Exchange sends: several messages and notifications, every event type, MoreEvents, and the
/// error form without Notification. Matches on namespace URIs, never on prefixes.
/// DTDs and entities are refused (kParse), so XXE and entity expansion cannot happen. So are
/// documents that are not namespace-well-formed (an undeclared prefix) or exceed the structural
/// caps (element depth 64, 64 attributes per element, 20,000 elements, 40,000 attributes), each
/// with a message naming the rule; the cost is linear in the size of xml.
Result<SendNotification> parseSendNotification(std::string_view xml);

/// The watermark to keep after a notification has been made durable: the Watermark of its last
/// event that carries one (a StatusEvent's too: Exchange refreshes watermarks with heartbeats,
/// NOTES §1.4), else its PreviousWatermark. Resubscribing with it replays what came after.
std::string lastWatermark(const Notification& notification);

/// True when the notification continues from `kept`, the last watermark the caller kept for
/// this subscription: its PreviousWatermark is absent (Exchange did not say), or `kept` is
/// empty (nothing kept yet), or they are equal. False means notifications were missed in
/// between (MSDOCS previouswatermark.md): resubscribe with `kept` so Exchange replays them.
bool continuesFrom(const Notification& notification, std::string_view kept);

enum class SubscriptionStatus { kOk, kUnsubscribe };

/// The SOAP answer to a SendNotification: SendNotificationResult/SubscriptionStatus.
std::string renderSendNotificationResult(SubscriptionStatus status);

}  // namespace ews
