#pragma once

#include <functional>

#include "ews/transport.h"

namespace enp {

/// Makes the HTTP(S) client connections ENP uses towards Exchange and CNS
/// (ews::makeCurlTransport in the daemon); the seam tests use to substitute a fake.
using TransportFactory = std::function<ews::TransportPtr(const ews::TransportOptions&)>;

}  // namespace enp
