#include "subscribe_call.h"

#include <charconv>

#include "exchange_xml.h"
#include "xml_ns.h"

namespace fakes {
namespace {

std::optional<EventType> eventTypeOf(const std::string& name) {
  if (name == "NewMailEvent") {
    return EventType::kNewMail;
  }
  if (name == "CreatedEvent") {
    return EventType::kCreated;
  }
  if (name == "DeletedEvent") {
    return EventType::kDeleted;
  }
  if (name == "ModifiedEvent") {
    return EventType::kModified;
  }
  return std::nullopt;
}

// Types Exchange knows but this fake never generates.
bool knownButNotGenerated(const std::string& name) {
  return name == "CopiedEvent" || name == "MovedEvent" || name == "FreeBusyChangedEvent";
}

SubscribeRequestParse error(std::string code, std::string text) {
  SubscribeRequestParse p;
  p.errorCode = std::move(code);
  p.errorText = std::move(text);
  return p;
}

}  // namespace

SubscribeRequestParse parseSubscribeRequest(const SoapCall& call) {
  const pugi::xml_node push = child(call.operation, kMessagesNs, "PushSubscriptionRequest");
  if (!push) {
    return error("ErrorInvalidSubscriptionRequest",
                 "This fake Exchange serves push subscriptions only.");
  }
  SubscribeRequestParse p;
  SubscribeOrder order;
  for (pugi::xml_node f = child(push, kTypesNs, "FolderIds").first_child(); f;
       f = f.next_sibling()) {
    if (f.type() == pugi::node_element) {
      p.folderIds.emplace_back(f.attribute("Id").value());
    }
  }
  const std::vector<pugi::xml_node> types =
      children(child(push, kTypesNs, "EventTypes"), kTypesNs, "EventType");
  if (types.empty()) {
    return error("ErrorInvalidSubscriptionRequest", "No event types.");
  }
  for (const pugi::xml_node t : types) {
    const std::string name = trimmedText(t);
    if (const auto type = eventTypeOf(name)) {
      order.types.insert(*type);
    } else if (!knownButNotGenerated(name)) {
      return error("ErrorInvalidRequest", "Unknown event type " + name + ".");
    }
  }
  order.watermark = trimmedText(child(push, kTypesNs, "Watermark"));
  const std::string frequency = trimmedText(child(push, kTypesNs, "StatusFrequency"));
  int minutes = 0;
  const auto [end, ec] =
      std::from_chars(frequency.data(), frequency.data() + frequency.size(), minutes);
  if (frequency.empty() || ec != std::errc() || end != frequency.data() + frequency.size() ||
      minutes < 1 || minutes > 1440) {
    return error("ErrorInvalidSubscriptionRequest", "StatusFrequency must be 1 to 1440.");
  }
  order.statusFrequencyMinutes = minutes;
  order.url = trimmedText(child(push, kTypesNs, "URL"));
  if (order.url.empty() || order.url.size() >= 2083 ||
      !(order.url.starts_with("http://") || order.url.starts_with("https://"))) {
    return error("ErrorInvalidPushSubscriptionUrl", "The push subscription URL is invalid.");
  }
  p.order = std::move(order);
  return p;
}

std::string renderSubscribeResponse(const ServerVersionInfo& version,
                                    const SubscribeOutcome& outcome) {
  return soapResponseEnvelope(
      version,
      "<m:SubscribeResponse "
      "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" "
      "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"><m:ResponseMessages>"
      "<m:SubscribeResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError"
      "</m:ResponseCode><m:SubscriptionId>" +
          xmlEscape(outcome.subscriptionId) + "</m:SubscriptionId><m:Watermark>" +
          xmlEscape(outcome.watermark) +
          "</m:Watermark></m:SubscribeResponseMessage></m:ResponseMessages></m:SubscribeResponse>");
}

std::string renderSubscribeError(const ServerVersionInfo& version, const std::string& code,
                                 const std::string& text) {
  return responseMessageError(version, "SubscribeResponse", "SubscribeResponseMessage", code, text);
}

}  // namespace fakes
