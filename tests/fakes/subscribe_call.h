#pragma once

// Subscribe as Exchange reads it (m:Subscribe/m:PushSubscriptionRequest) and answers it
// (m:SubscribeResponse with SubscriptionId and Watermark, or a response message error).

#include <optional>
#include <string>

#include "fake_mailbox.h"
#include "push_subscriptions.h"
#include "soap_call.h"

namespace fakes {

struct SubscribeRequestParse {
  std::optional<SubscribeOrder> order;  ///< mailbox is left for the caller to fill in.
  std::string errorCode;  ///< When order is empty, e.g. ErrorInvalidSubscriptionRequest.
  std::string errorText;
  std::vector<std::string> folderIds;  ///< DistinguishedFolderId/@Id or FolderId/@Id as sent.
};

/// Reads a push Subscribe. Pull and streaming requests, unknown event types, a StatusFrequency
/// outside 1..1440 and a URL that is not http(s) or is 2083 characters or longer are errors with
/// Exchange's codes.
SubscribeRequestParse parseSubscribeRequest(const SoapCall& call);

/// HTTP 200 body of a successful Subscribe.
std::string renderSubscribeResponse(const ServerVersionInfo& version,
                                    const SubscribeOutcome& outcome);

/// HTTP 200 body of a Subscribe that failed with code (ErrorInvalidWatermark, ...).
std::string renderSubscribeError(const ServerVersionInfo& version, const std::string& code,
                                 const std::string& text);

}  // namespace fakes
