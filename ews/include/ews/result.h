#pragma once

#include "base/result.h"
#include "ews/error.h"

namespace ews {

/// A value or an Error. Modules return these instead of throwing across their boundary.
template <typename T>
using Result = base::Result<T, Error>;

}  // namespace ews
