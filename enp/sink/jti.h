#pragma once

#include <string>

namespace enp {

/// The CNS "jti" claim: 32 lower-case hex characters (128 bits of SHA-256) over a versioned,
/// length-prefixed encoding of the mailbox (ASCII-lower-cased, as SMTP addresses compare), the
/// EWS item id and the device token. The same mail for the same device always gives the same jti,
/// so CNS can drop the duplicates a retry produces; any differing field gives a different one.
/// Pure; thread-safe.
std::string makeJti(const std::string& mailbox, const std::string& itemId,
                    const std::string& deviceToken);

}  // namespace enp
