#pragma once

#include <cstddef>

namespace enp {

/// Whether the administrator is alerted that a mail server refuses the logins of many of its
/// accounts at once (a changed login method or a provider's new policy, rather than one user's
/// changed password): at least 3 accounts, and at least a tenth of the server's. Pure function.
inline bool manyLoginsRefused(size_t refused, size_t accounts) {
  return refused >= 3 && refused * 10 >= accounts;
}

}  // namespace enp
