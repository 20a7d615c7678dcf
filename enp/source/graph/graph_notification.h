#pragma once

#include <string>
#include <vector>

#include "enp/common/status.h"

namespace enp {

/// One item of a notification collection Graph POSTs ({"value": [...]}): a change notification
/// (changeType, resource, resourceData.id) or, on the lifecycle URL, a lifecycle notification
/// (lifecycleEvent). Only what ENP uses; unknown members are ignored, as Graph adds some.
struct GraphNotification {
  std::string subscriptionId;
  std::string clientState;     ///< As sent with the create; checked against the stored hash.
  std::string changeType;      ///< "created" (the only kind ENP subscribes to).
  std::string resource;        ///< "Users/{id}/Messages/{id}".
  std::string resourceId;      ///< resourceData.id: the message id.
  std::string lifecycleEvent;  ///< reauthorizationRequired | subscriptionRemoved | missed.
  std::string tenantId;
};

/// The items of `json`; kInvalid when it is not an object with a "value" array of objects
/// carrying a subscriptionId. Never throws.
Result<std::vector<GraphNotification>> parseGraphNotifications(const std::string& json);

}  // namespace enp
