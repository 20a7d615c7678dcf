#include "ews/client.h"

#include <utility>

#include "soap_request.h"

namespace ews {

Client::Client(Transport& transport, ClientConfig config)
    : transport_(transport), config_(std::move(config)) {}

HttpRequest getItemsRequest(const ClientConfig& config, const std::string& mailbox,
                            const std::vector<std::string>& itemIds) {
  GetItemRequest request;
  request.mailbox = mailbox;
  request.version = config.version;
  request.itemIds = itemIds;
  HttpRequest http;
  http.url = config.ewsUrl;
  http.body = buildGetItem(request);
  http.headers = getItemHeaders(request);
  return http;
}

Result<std::vector<ItemResult>> getItemsReply(const Result<HttpReply>& reply, size_t idCount) {
  if (!reply) {
    return reply.error();
  }
  Result<std::vector<ItemResult>> results = parseGetItemResponse(reply->status, reply->body);
  if (results && results->size() != idCount) {
    Error e = Error::parse("GetItem answered " + std::to_string(results->size()) +
                           " messages for " + std::to_string(idCount) + " items");
    e.httpStatus = reply->status;
    return e;
  }
  return results;
}

Result<std::vector<ItemResult>> Client::getItems(const std::string& mailbox,
                                                 const std::vector<std::string>& itemIds) {
  if (itemIds.empty()) {
    return std::vector<ItemResult>{};
  }
  return getItemsReply(transport_.post(getItemsRequest(config_, mailbox, itemIds)), itemIds.size());
}

Result<HttpReply> Client::postWithAffinity(const char* operation, const std::string& mailbox,
                                           std::string body, Affinity* affinity) {
  HttpRequest http;
  http.url = config_.ewsUrl;
  http.body = std::move(body);
  http.headers = detail::soapHeaders(operation, mailbox);
  addAffinityHeaders(http.headers, mailbox, *affinity);
  Result<HttpReply> reply = transport_.post(http);
  if (reply) {
    updateAffinity(*affinity, *reply);
  }
  return reply;
}

Result<Subscription> Client::subscribe(SubscribeRequest request, Affinity* affinity) {
  request.version = config_.version;
  Result<HttpReply> reply =
      postWithAffinity("Subscribe", request.mailbox, buildSubscribe(request), affinity);
  if (!reply) {
    return reply.error();
  }
  return parseSubscribeResponse(reply->status, reply->body);
}

Result<FindItemPage> Client::findItems(FindItemRequest request, Affinity* affinity) {
  request.version = config_.version;
  Result<HttpReply> reply =
      postWithAffinity("FindItem", request.mailbox, buildFindItem(request), affinity);
  if (!reply) {
    return reply.error();
  }
  return parseFindItemResponse(reply->status, reply->body, request.offset);
}

Result<FindItemPage> Client::findAllItems(FindItemRequest request, Affinity* affinity,
                                          size_t maxItems) {
  FindItemPage all;
  all.nextOffset = request.offset;
  for (;;) {
    request.offset = all.nextOffset;
    Result<FindItemPage> page = findItems(request, affinity);
    if (!page) {
      return page.error();
    }
    const bool progressed = page->nextOffset > request.offset && !page->items.empty();
    all.items.insert(all.items.end(), page->items.begin(), page->items.end());
    all.nextOffset = page->nextOffset;
    all.totalItemsInView = page->totalItemsInView;
    all.includesLastItemInRange = page->includesLastItemInRange;
    // A page that moves nothing forward ends the walk too, so a confused server cannot loop it.
    if (page->includesLastItemInRange || !progressed || all.items.size() >= maxItems) {
      return all;
    }
  }
}

Result<std::optional<WorkingHours>> Client::getWorkingHours(AvailabilityRequest request,
                                                            Affinity* affinity) {
  request.version = config_.version;
  Result<HttpReply> reply = postWithAffinity("GetUserAvailability", request.mailbox,
                                             buildGetUserAvailability(request), affinity);
  if (!reply) {
    return reply.error();
  }
  return parseGetUserAvailabilityResponse(reply->status, reply->body);
}

}  // namespace ews
