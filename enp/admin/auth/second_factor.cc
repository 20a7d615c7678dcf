#include "enp/admin/auth/second_factor.h"

#include "enp/admin/auth/totp.h"
#include "enp/common/sealed_text.h"

namespace enp::admin {
namespace {

std::string sealContext(const std::string& user) { return "admin-user:" + user + ":totp"; }

const char* const kWrongCode = "code: wrong or already used one-time code";

}  // namespace

Result<std::string> SecondFactor::begin(const std::string& user, int64_t nowMs) {
  const std::string secret = newTotpSecret();
  ENP_RETURN_IF_ERROR(
      users_.setTotpPending(user, seal(sealKey_, secret, sealContext(user)), nowMs));
  return secret;
}

Status SecondFactor::confirm(const std::string& user, const std::string& code, int64_t nowMs) {
  const Result<AdminUser> stored = users_.find(user);
  if (!stored.ok()) {
    return stored.error();
  }
  if (stored->totpSealed.empty() || stored->totpEnabled) {
    return Status::notFound("no second factor is being set up (start again)");
  }
  const Result<std::string> secret = secretOf(*stored);
  if (!secret.ok()) {
    return secret.error();
  }
  const std::optional<int64_t> step = matchTotp(*secret, code, nowMs);
  if (!step) {
    return Status::invalid(
        "code: not the current code of the new secret (check the phone's "
        "clock and the secret entered)");
  }
  return users_.enableTotp(user, *step, nowMs);
}

Status SecondFactor::verify(const AdminUser& user, const std::string& code, int64_t nowMs) {
  const Result<std::string> secret = secretOf(user);
  if (!secret.ok()) {
    return secret.error();
  }
  const std::optional<int64_t> step = matchTotp(*secret, code, nowMs);
  if (!step) {
    return Status::invalid(kWrongCode);
  }
  const Result<bool> fresh = users_.useTotpStep(user.name, *step);
  if (!fresh.ok()) {
    return fresh.error();
  }
  return *fresh ? Status() : Status::invalid(kWrongCode);
}

Result<std::string> SecondFactor::secretOf(const AdminUser& user) {
  Result<std::string> secret = unseal(sealKey_, user.totpSealed, sealContext(user.name));
  if (!secret.ok()) {
    return Status::internal("the second factor of console user '" + user.name +
                            "' cannot be opened with this data key");
  }
  return secret;
}

}  // namespace enp::admin
