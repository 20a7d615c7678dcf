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

enum class SubscriptionStatus { kOk, kUnsubscribe };

/// The SOAP answer to a SendNotification: SendNotificationResult/SubscriptionStatus.
std::string renderSendNotificationResult(SubscriptionStatus status);

}  // namespace ews
