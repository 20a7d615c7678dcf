#pragma once

#include <string>
#include <string_view>

#include "ews/result.h"
#include "ews/types.h"

namespace ews {

/// Parses the body of a push notification POST (SOAP 1.1 SendNotification), in every form
/// Exchange sends: several messages and notifications, every event type, MoreEvents, and the
/// error form without Notification. Matches on namespace URIs, never on prefixes.
/// DTDs and entities are refused (kParse), so XXE and entity expansion cannot happen.
Result<SendNotification> parseSendNotification(std::string_view xml);

enum class SubscriptionStatus { kOk, kUnsubscribe };

/// The SOAP answer to a SendNotification: SendNotificationResult/SubscriptionStatus.
std::string renderSendNotificationResult(SubscriptionStatus status);

}  // namespace ews
