#include "enp/admin/handlers/test_push_handler.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>

#include "enp/admin/cns_push.h"
#include "enp/common/secrets.h"
#include "enp/decide/decider.h"
#include "enp/sink/jti.h"
#include "enp/sink/payload.h"

namespace enp::admin {
namespace {

constexpr const char* kSubject = "ENP test notification";

// What the outcome means for the person at the console.
std::string plainWords(const SinkResult& result, const Registration& reg) {
  const std::string device = "the " + reg.platform + " device of " + reg.mailbox;
  switch (result.outcome) {
    case SinkResult::Outcome::kDelivered:
      return "CNS accepted the test notification for " + device + "; it should show \"" + kSubject +
             "\" within a minute.";
    case SinkResult::Outcome::kRetry:
      return "CNS did not take the test notification for " + device + " now (" + result.detail +
             "); try again later.";
    case SinkResult::Outcome::kDeadLetter:
      break;
  }
  std::string words = "CNS refused the test notification for " + device + ": " + result.detail;
  if (!result.refusal.setting.empty()) {
    words += " (check the CNS setting: " + cnsSettingLabel(result.refusal.setting) + ")";
  }
  return words + ".";
}

}  // namespace

void TestPushHandler::addRoutes(RouteTable* routes) {
  routes->push_back({.method = "POST",
                     .pattern = "/api/v1/admin/registrations/{id}/test-push",
                     .access = Access::kAny,
                     .mutates = true,
                     .handler = [this](AdminCall& c) { testPush(c); },
                     .role = Role::kOperator});
}

void TestPushHandler::testPush(AdminCall& call) {
  const Result<Registration> reg = deps_.registrations.findById(call.param("id"));
  if (!reg.ok()) {
    call.sendLookupFailure(reg.error(), "no such registration");
    return;
  }
  if (reg->revokedAt) {
    call.sendError(409, "the registration is revoked: its device gets no notifications");
    return;
  }
  const Result<Settings> settings = deps_.editor.load();
  if (!settings.ok()) {
    call.sendInternalError(settings.error());
    return;
  }
  const Result<rules::Policy> policy = loadPolicy(reg->policyJson, deps_.zones);
  PrivacyPolicy privacy;
  parsePrivacy(settings->policy.privacy, &privacy.privacy);
  privacy.snippetLength = static_cast<size_t>(settings->policy.snippetLength);
  const auto now = deps_.clock.now();
  PushMail mail;
  mail.itemId = "enp-test-" + randomToken(12);
  mail.fromName = "ENP";
  mail.subject = kSubject;
  mail.snippetSource =
      "A test sent from the ENP console by " + call.caller().actor + "; no mail arrived.";
  mail.received = Poco::DateTimeFormatter::format(Poco::Timestamp(call.nowMs() * 1000),
                                                  Poco::DateTimeFormat::ISO8601_FORMAT);
  mail.importance = "Normal";
  const bool detailed = !policy.ok() || policy->detailed;
  const Result<SinkResult> sent = sendCnsPush(settings->cns, deps_.transports, reg->deviceToken,
                                              makeJti(reg->mailbox, mail.itemId, reg->deviceToken),
                                              buildNotificationClaim(mail, detailed, privacy), now);
  Poco::JSON::Object out;
  Poco::JSON::Object details;
  details.set("mailbox", reg->mailbox);
  if (!sent.ok()) {
    out.set("ok", false);
    out.set("outcome", "not-configured");
    out.set("detail", sent.error().message());
    out.set("message",
            "Nothing was sent: the CNS settings are incomplete (" + sent.error().message() + ").");
    details.set("outcome", "not-configured");
  } else {
    const bool ok = sent->outcome == SinkResult::Outcome::kDelivered;
    out.set("ok", ok);
    out.set("outcome", std::string(toString(sent->outcome)));
    out.set("httpStatus", static_cast<int>(sent->httpStatus));
    out.set("detail", sent->detail);
    out.set("message", plainWords(*sent, *reg));
    if (!ok && !sent->refusal.reason.empty()) {
      out.set("reason", sent->refusal.reason);
    }
    if (!ok && !sent->refusal.setting.empty()) {
      out.set("setting", sent->refusal.setting);
      out.set("settingLabel", cnsSettingLabel(sent->refusal.setting));
    }
    details.set("outcome", std::string(toString(sent->outcome)));
    details.set("httpStatus", static_cast<int>(sent->httpStatus));
  }
  if (!call.audit("registration.test-push", reg->id, details)) {
    return;
  }
  call.sendJson(200, out);
}

}  // namespace enp::admin
