#pragma once

#include "enp/admin/admin_call.h"
#include "enp/store/mailbox_hours_store.h"
#include "enp/store/registration_store.h"
#include "rules/zones.h"

namespace enp::admin {

/// The rules explain tool, for the "why wasn't I notified?" desk (helpdesk and up):
///   POST /api/v1/admin/explain
///        {"registrationId": ID | "policy": {a registration body's policy part},
///         "mail": {"senderAddress", "senderName"?, "subject"?, "importance"?, ...},
///         "at": RFC 3339 instant (default: now)}
///     -> 200 {deliver, decision, rule, reason, localTime, zone}
/// With a registration, the decision is taken as the pipeline takes it (processor.cc): its
/// stored policy (loadPolicy), with its mailbox's working hours in Exchange when workHoursFrom
/// is "mailbox" (applyMailboxHours(), the note added to the reason), then decideMail(); a
/// revoked registration answers rule "revoked", a stored policy that no longer loads
/// "bad-policy", both deliver false. With a policy, as `enp rules explain` does. 400 names the
/// field at fault; 404 an unknown registration. Changes nothing and is not audited.
class ExplainHandler {
 public:
  struct Deps {
    RegistrationStore& registrations;
    MailboxHoursStore& mailboxHours;
    const rules::ZoneDb& zones;
  };
  explicit ExplainHandler(Deps deps) : deps_(deps) {}

  void addRoutes(RouteTable* routes);

 private:
  void explain(AdminCall& call);

  Deps deps_;
};

}  // namespace enp::admin
