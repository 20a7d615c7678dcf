#pragma once

#include <string>

#include "enp/config/settings.h"
#include "enp/sink/cns/cns_signer.h"

namespace enp {

/// Settings "cns" as the signer takes them; false with *error naming the field.
bool toCnsConfig(const CnsSettings& s, CnsConfig* out, std::string* error);

}  // namespace enp
