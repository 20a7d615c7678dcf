#include <algorithm>
#include <pugixml.hpp>

#include "ews/subscribe.h"
#include "soap_request.h"

namespace ews {
namespace {

// The NotificationEventTypeType names (StatusEvent is not one: heartbeats come unasked).
const char* subscribableName(EventType type) {
  switch (type) {
    case EventType::kCopied:
      return "CopiedEvent";
    case EventType::kCreated:
      return "CreatedEvent";
    case EventType::kDeleted:
      return "DeletedEvent";
    case EventType::kModified:
      return "ModifiedEvent";
    case EventType::kMoved:
      return "MovedEvent";
    case EventType::kNewMail:
      return "NewMailEvent";
    case EventType::kFreeBusyChanged:
      return "FreeBusyChangedEvent";
    case EventType::kStatus:
      return nullptr;
  }
  return nullptr;
}

std::vector<EventType> eventTypes(const SubscribeRequest& request) {
  std::vector<EventType> types = {EventType::kNewMail};
  for (EventType t : request.extraEventTypes) {
    if (subscribableName(t) != nullptr && std::find(types.begin(), types.end(), t) == types.end()) {
      types.push_back(t);
    }
  }
  return types;
}

}  // namespace

std::string buildSubscribe(const SubscribeRequest& request) {
  pugi::xml_document doc;
  pugi::xml_node body = detail::startEnvelope(doc, request.version, request.mailbox);
  pugi::xml_node push = body.append_child("m:Subscribe").append_child("m:PushSubscriptionRequest");
  push.append_child("t:FolderIds").append_child("t:DistinguishedFolderId").append_attribute("Id") =
      "inbox";
  pugi::xml_node types = push.append_child("t:EventTypes");
  for (EventType t : eventTypes(request)) {
    types.append_child("t:EventType").text().set(subscribableName(t));
  }
  if (!request.watermark.empty()) {
    push.append_child("t:Watermark").text().set(request.watermark.c_str());
  }
  push.append_child("t:StatusFrequency")
      .text()
      .set(std::clamp(request.statusFrequencyMinutes, 1, 1440));
  push.append_child("t:URL").text().set(request.callbackUrl.c_str());
  return detail::serialize(doc);
}

}  // namespace ews
