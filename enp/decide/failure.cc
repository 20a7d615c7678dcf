#include "enp/decide/failure.h"

namespace enp {

const char* toString(FailureKind kind) {
  switch (kind) {
    case FailureKind::kBusy:
      return "busy";
    case FailureKind::kUnreachable:
      return "unreachable";
    case FailureKind::kAuth:
      return "auth";
    case FailureKind::kNotConfigured:
      return "not-configured";
    case FailureKind::kItemGone:
      return "item-gone";
    case FailureKind::kBadItem:
      return "bad-item";
    case FailureKind::kNoMailbox:
      return "no-mailbox";
    case FailureKind::kRefused:
      return "refused";
    case FailureKind::kProtocol:
      return "protocol";
  }
  return "unknown";
}

}  // namespace enp
