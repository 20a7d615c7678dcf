#pragma once

#include <string>
#include <vector>

#include "ews/affinity.h"
#include "ews/availability.h"
#include "ews/find_item.h"
#include "ews/get_item.h"
#include "ews/subscribe.h"
#include "ews/transport.h"

namespace ews {

struct ClientConfig {
  std::string ewsUrl;  ///< e.g. https://mail.contoso.com/EWS/Exchange.asmx
  ServerVersion version = ServerVersion::kExchange2013;
};

/// GetItem split for callers that send the request themselves (CurlMulti): the HTTP request
/// for several items of one mailbox, and the answer read back (one result per id, in order).
HttpRequest getItemsRequest(const ClientConfig& config, const std::string& mailbox,
                            const std::vector<std::string>& itemIds);
Result<std::vector<ItemResult>> getItemsReply(const Result<HttpReply>& reply, size_t idCount);

/// EWS operations ENP uses, impersonating one mailbox per call.
/// Thread safety: as the Transport it is given (one thread at a time).
class Client {
 public:
  Client(Transport& transport, ClientConfig config);

  /// GetItem for several items of one mailbox.
  Result<std::vector<ItemResult>> getItems(const std::string& mailbox,
                                           const std::vector<std::string>& itemIds);

  /// Subscribe (push) for request.mailbox; request.version is replaced by the configured one.
  /// Sends the affinity headers of *affinity and keeps the X-BackEndOverrideCookie Exchange
  /// sets (also when the answer is an error). affinity must not be null.
  Result<Subscription> subscribe(SubscribeRequest request, Affinity* affinity);

  /// One FindItem page (request.version is replaced by the configured one), with the affinity
  /// headers of *affinity (kept up to date from the answer).
  Result<FindItemPage> findItems(FindItemRequest request, Affinity* affinity);

  /// Every item received after request.receivedAfterMs, oldest first, page by page from
  /// request.offset, stopping at the last page or once maxItems are gathered (then the result
  /// holds at least maxItems and includesLastItemInRange is false: ask again from nextOffset).
  Result<FindItemPage> findAllItems(FindItemRequest request, Affinity* affinity,
                                    size_t maxItems = 10000);

  /// The mailbox's working hours and time zone (GetUserAvailability, FreeBusy view);
  /// nullopt when it has none. request.version is replaced by the configured one.
  Result<std::optional<WorkingHours>> getWorkingHours(AvailabilityRequest request,
                                                      Affinity* affinity);

 private:
  /// POSTs body for mailbox with the affinity headers; updates *affinity from the reply.
  Result<HttpReply> postWithAffinity(const char* operation, const std::string& mailbox,
                                     std::string body, Affinity* affinity);

  Transport& transport_;
  const ClientConfig config_;
};

}  // namespace ews
