#pragma once

#include <string>

#include "enp/config/settings.h"
#include "enp/sink/cns/cns_signer.h"

namespace enp {

/// Settings "cns" as the signer takes them; kInvalid naming the field.
Result<CnsConfig> toCnsConfig(const CnsSettings& s);

}  // namespace enp
