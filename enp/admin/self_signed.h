#pragma once

#include <string>

#include "enp/common/status.h"

namespace enp {

/// Makes sure certPath and keyPath exist: when either is missing, generates a self-signed
/// P-256 certificate for `commonName` (also as subjectAltName DNS/IP entries for localhost and
/// 127.0.0.1), valid 825 days, key file mode 0600. kInvalid "<path>: cannot write" when a file
/// cannot be written, kInternal when OpenSSL fails.
Status ensureSelfSignedCertificate(const std::string& certPath, const std::string& keyPath,
                                   const std::string& commonName);

}  // namespace enp
