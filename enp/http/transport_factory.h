#pragma once

#include <functional>
#include <utility>

#include "ews/transport.h"

namespace enp {

/// Makes the HTTP(S) client connections ENP uses towards Exchange and CNS
/// (ews::makeCurlTransport in the daemon); the seam tests use to substitute a fake.
using TransportFactory = std::function<ews::TransportPtr(const ews::TransportOptions&)>;

/// A transport made by `factory` on its first request: a reader or sink that also has an
/// event-driven path (ews::CurlMulti) holds no connection of its own unless its blocking path
/// is used.
ews::TransportPtr lazyTransport(TransportFactory factory, ews::TransportOptions options);

}  // namespace enp
