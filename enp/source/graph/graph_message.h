#pragma once

#include <string>

#include "enp/common/status.h"
#include "enp/source/mail.h"

namespace enp {

/// The $select the reader asks Graph for: what a Mail needs and nothing else (bodyPreview is
/// Graph's first 255 characters of the body as text; it needs Mail.Read, not Mail.ReadBasic).
inline constexpr const char* kGraphMessageSelect =
    "from,sender,subject,bodyPreview,receivedDateTime,importance";

/// A Graph message resource (GET /users/{mailbox}/messages/{id}?$select=...) as the shared Mail:
/// the sender from "from" (else "sender"), importance as "Low" | "Normal" | "High", a meeting
/// request (@odata.type #microsoft.graph.eventMessageRequest) as a meeting. kInvalid when the
/// text is not a JSON object with an "id".
Result<Mail> parseGraphMessage(const std::string& json);

}  // namespace enp
