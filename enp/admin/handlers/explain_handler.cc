#include "enp/admin/handlers/explain_handler.h"

#include <chrono>

#include "enp/decide/decider.h"
#include "enp/decide/policy_json.h"
#include "enp/pipeline/mailbox_hours_policy.h"
#include "rules/local_time.h"

namespace enp::admin {
namespace {

// The answer for a mail the pipeline drops before the rules are asked.
Poco::JSON::Object dropped(const std::string& rule, const std::string& reason) {
  Poco::JSON::Object o;
  o.set("deliver", false);
  o.set("decision", "suppress");
  o.set("rule", rule);
  o.set("reason", reason);
  return o;
}

}  // namespace

void ExplainHandler::addRoutes(RouteTable* routes) {
  routes->push_back({.method = "POST",
                     .pattern = "/api/v1/admin/explain",
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { explain(c); },
                     .role = Role::kHelpdesk});
}

void ExplainHandler::explain(AdminCall& call) {
  Poco::JSON::Object::Ptr body = call.jsonBody();
  if (!body) {
    return;
  }
  const bool byRegistration = body->has("registrationId");
  if (byRegistration == body->has("policy")) {
    call.sendError(400, "registrationId: give either a registration or a policy");
    return;
  }
  Poco::JSON::Object::Ptr mailJson = body->getObject("mail");
  if (!mailJson) {
    call.sendError(400, "mail: expected an object with senderAddress, subject, importance");
    return;
  }
  const Result<rules::MailMeta> mail = mailFromJson(*mailJson);
  if (!mail.ok()) {
    call.sendError(400, "mail." + mail.error().message());
    return;
  }
  auto at = std::chrono::system_clock::time_point(std::chrono::milliseconds(call.nowMs()));
  if (body->has("at") && !body->isNull("at")) {
    std::string error;
    if (!body->get("at").isString() ||
        !rules::parseInstant(body->getValue<std::string>("at"), &at, &error)) {
      call.sendError(400, "at: expected an RFC 3339 instant, e.g. 2026-11-21T22:15:00+01:00" +
                              (error.empty() ? std::string() : " (" + error + ")"));
      return;
    }
  }
  if (!byRegistration) {
    Poco::JSON::Object::Ptr policyJson = body->getObject("policy");
    if (!policyJson) {
      call.sendError(400, "policy: expected an object (a registration body's policy fields)");
      return;
    }
    PolicyInput input;
    input.otherFields = {"mailbox", "deviceToken", "platform", "workHoursFrom", "account"};
    input.workDayForWorkHoursOnly = false;  // Explained, also one registered before that rule.
    const Result<rules::Policy> policy = policyFromJson(*policyJson, deps_.zones, input);
    if (!policy.ok()) {
      call.sendError(400, "policy." + policy.error().message());
      return;
    }
    call.sendJson(200, *decisionToJson(decideMail(*policy, *mail, at, deps_.zones)));
    return;
  }
  if (!body->get("registrationId").isString()) {
    call.sendError(400, "registrationId: expected a string");
    return;
  }
  const Result<Registration> reg =
      deps_.registrations.findById(body->getValue<std::string>("registrationId"));
  if (!reg.ok()) {
    call.sendLookupFailure(reg.error(), "no such registration");
    return;
  }
  // As Processor::readAndPush() and push() take it.
  if (reg->revokedAt) {
    call.sendJson(200, dropped("revoked", "the registration was revoked: nothing is pushed"));
    return;
  }
  Result<rules::Policy> policy = loadPolicy(reg->policyJson, deps_.zones);
  if (!policy.ok()) {
    call.sendJson(
        200, dropped("bad-policy", "the stored policy is invalid: " + policy.error().message()));
    return;
  }
  const std::string hoursNote = applyMailboxHours(*reg, deps_.mailboxHours, &*policy);
  rules::Decision decision = decideMail(*policy, *mail, at, deps_.zones);
  if (!hoursNote.empty()) {
    decision.reason += "; " + hoursNote;
  }
  call.sendJson(200, *decisionToJson(decision));
}

}  // namespace enp::admin
