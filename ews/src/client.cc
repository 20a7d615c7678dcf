#include "ews/client.h"

#include <utility>

#include "soap_request.h"

namespace ews {

Client::Client(Transport& transport, ClientConfig config)
    : transport_(transport), config_(std::move(config)) {}

Result<std::vector<ItemResult>> Client::getItems(const std::string& mailbox,
                                                 const std::vector<std::string>& itemIds) {
  if (itemIds.empty()) {
    return std::vector<ItemResult>{};
  }
  GetItemRequest request;
  request.mailbox = mailbox;
  request.version = config_.version;
  request.itemIds = itemIds;
  HttpRequest http;
  http.url = config_.ewsUrl;
  http.body = buildGetItem(request);
  http.headers = getItemHeaders(request);
  Result<HttpReply> reply = transport_.post(http);
  if (!reply) {
    return reply.error();
  }
  Result<std::vector<ItemResult>> results = parseGetItemResponse(reply->status, reply->body);
  if (results && results->size() != itemIds.size()) {
    Error e = Error::parse("GetItem answered " + std::to_string(results->size()) +
                           " messages for " + std::to_string(itemIds.size()) + " items");
    e.httpStatus = reply->status;
    return e;
  }
  return results;
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

}  // namespace ews
