#include "enp/source/ews/ews_failure.h"

#include "enp/source/ews/ews_check.h"

namespace enp {

bool isEwsAuthProblem(const ews::Error& e) {
  return e.code == "ErrorImpersonateUserDenied" || e.code == "ErrorImpersonationDenied" ||
         e.code == "ErrorImpersonationFailed" || e.code == "ErrorAccessDenied" ||
         (e.kind == ews::ErrorKind::kHttp && (e.httpStatus == 401 || e.httpStatus == 403));
}

Failure toFailure(const ews::Error& e) {
  Failure f;
  f.system = "exchange";
  f.detail = e.describe();
  f.advice = explainEwsError(e);
  if (e.isServerBusy()) {
    f.kind = FailureKind::kBusy;
    f.retryAfter = std::chrono::milliseconds(e.backOffMilliseconds);
  } else if (e.code == "ErrorItemNotFound") {
    f.kind = FailureKind::kItemGone;
  } else if (e.code.rfind("ErrorInvalidId", 0) == 0) {
    f.kind = FailureKind::kBadItem;
    f.detail = e.code;
  } else if (e.code == "ErrorNonExistentMailbox") {
    f.kind = FailureKind::kNoMailbox;
  } else if (isEwsAuthProblem(e)) {
    f.kind = FailureKind::kAuth;
  } else {
    f.kind = FailureKind::kUnreachable;
  }
  return f;
}

}  // namespace enp
