#include "enp/store/admin_role.h"

namespace enp {

const char* roleName(AdminRole role) {
  switch (role) {
    case AdminRole::kHelpdesk:
      return "helpdesk";
    case AdminRole::kOperator:
      return "operator";
    case AdminRole::kAdmin:
      return "admin";
  }
  return "helpdesk";
}

std::optional<AdminRole> parseRole(std::string_view name) {
  for (AdminRole r : {AdminRole::kHelpdesk, AdminRole::kOperator, AdminRole::kAdmin}) {
    if (name == roleName(r)) {
      return r;
    }
  }
  return std::nullopt;
}

}  // namespace enp
