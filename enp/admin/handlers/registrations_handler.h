#pragma once

#include "enp/admin/admin_call.h"
#include "enp/store/decision_store.h"
#include "enp/store/graph_subscription_store.h"
#include "enp/store/mail_account_store.h"
#include "enp/store/mailbox_hours_store.h"
#include "enp/store/registration_store.h"
#include "enp/store/settings_cache.h"
#include "enp/store/subscription_store.h"

namespace enp {
class WatchBoard;
}

namespace enp::admin {

/// Registered devices, for the help desk:
///   GET    /api/v1/admin/registrations?mailbox=SUBSTRING&limit=N  -> [registration summary]
///          (newest first; limit 1..500, default 100)
///   GET    /api/v1/admin/registrations/{id}?decisions=N  -> summary + policy + recent
///          decisions [{at, itemId, outcome, rule, reason, localTime, zone}] (newest first,
///          default 50; no mail content is stored)
///   DELETE /api/v1/admin/registrations/{id}  -> 204 revoked (its callbacks get Unsubscribe)
/// A summary: {id, mailbox, platform, deviceToken (first 8 characters + "…"), keyLabel,
/// createdAt, updatedAt, revokedAt?, lastSeenAt? (last notification or heartbeat),
/// lastWatermarkAt? (when the last watermark arrived)}; one
/// registration adds its policy, its recent decisions and its subscription: {state (app-managed
/// |pending|active|stale|resubscribing|failing|mailbox-missing|revoked), failure?, subscribedAt?,
/// endedAt? (revoked: when), attempts} (app-managed until ENP has looked at it), workHoursFrom
/// ("registration" | "mailbox"), account {server, username, folder, passwordChangedAt} for a
/// registration with an IMAP or POP3 account (never its password; an IMAP account adds connection
/// {state (connecting|idle|polling|retrying|auth failed|stopped), since, detail?, retryAt?,
/// lastMailAt?}) and, for "mailbox", mailboxHours: {state (found|none|failed|pending), timeZone?,
/// workHours? {days, start, end}, notes?, error?, readAt?, nextReadAt?}. A registration of a
/// mailbox a graph[] tenant serves (or that has a Graph record) adds graphSubscription: {tenant,
/// state (pending|active|renewing|failing|mailbox-missing|deleted), expiresAt?, renewAt?,
/// createdAt?, lastNotificationAt?, failure?, attempts}.
class RegistrationsHandler {
 public:
  struct Deps {
    RegistrationStore& registrations;
    DecisionStore& decisions;
    SubscriptionStore& subscriptions;
    MailboxHoursStore& mailboxHours;
    GraphSubscriptionStore& graphSubscriptions;
    SettingsCache& settings;
    MailAccountStore& mailAccounts;
    const WatchBoard* mailboxBoard = nullptr;  ///< Accounts' connection states; may be null.
  };
  explicit RegistrationsHandler(Deps deps)
      : registrations_(deps.registrations),
        decisions_(deps.decisions),
        subscriptions_(deps.subscriptions),
        mailboxHours_(deps.mailboxHours),
        graphSubscriptions_(deps.graphSubscriptions),
        settings_(deps.settings),
        mailAccounts_(deps.mailAccounts),
        mailboxBoard_(deps.mailboxBoard) {}

  void addRoutes(RouteTable* routes);

 private:
  void list(AdminCall& call);
  void get(AdminCall& call);
  void revoke(AdminCall& call);
  /// Sets o["graphSubscription"] for a Graph mailbox; false when it answered an error.
  bool addGraphSubscription(AdminCall& call, const Registration& r, Poco::JSON::Object* o);

  RegistrationStore& registrations_;
  DecisionStore& decisions_;
  SubscriptionStore& subscriptions_;
  MailboxHoursStore& mailboxHours_;
  GraphSubscriptionStore& graphSubscriptions_;
  SettingsCache& settings_;
  MailAccountStore& mailAccounts_;
  const WatchBoard* mailboxBoard_;
};

}  // namespace enp::admin
