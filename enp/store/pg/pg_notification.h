#pragma once

// One NOTIFY as a listener receives it.

#include <string>

namespace enp::pg {

struct PgNotification {
  std::string channel;
  std::string payload;
  int senderPid = 0;  ///< the sending session's backend process id
};

}  // namespace enp::pg
