#pragma once

#include <string>
#include <vector>

#include "ews/get_item.h"
#include "ews/transport.h"

namespace ews {

struct ClientConfig {
  std::string ewsUrl;  ///< e.g. https://mail.contoso.com/EWS/Exchange.asmx
  ServerVersion version = ServerVersion::kExchange2013;
};

/// EWS operations ENP uses, impersonating one mailbox per call.
/// Thread safety: as the Transport it is given (one thread at a time).
class Client {
 public:
  Client(Transport& transport, ClientConfig config);

  /// GetItem for several items of one mailbox.
  Result<std::vector<ItemResult>> getItems(const std::string& mailbox,
                                           const std::vector<std::string>& itemIds);

 private:
  Transport& transport_;
  const ClientConfig config_;
};

}  // namespace ews
