#pragma once

#include <functional>
#include <string>

#include "enp/admin/admin_call.h"
#include "enp/admin/settings_editor.h"
#include "enp/alert/alert_board.h"
#include "enp/alert/smtp_mailer.h"
#include "enp/store/alert_store.h"

namespace enp::admin {

/// The administrator's alerts and their mail (settings "alerts"):
///   GET  /api/v1/admin/alerts                 -> {firing: [alert], mail: {enabled,
///                                                lastSentAt?, lastErrorAt?, lastError?}}
///   GET  /api/v1/admin/alerts/history?limit=N&before=ID  -> [alert], newest first (N 1..500,
///                                                default 100; before = the last id of a page)
///   GET  /api/v1/admin/alerts/settings        -> the alerts section without the SMTP password
///                                                ("passwordSet": true)
///   PUT  /api/v1/admin/alerts/settings        section -> 200 the saved section; a password
///                                                left out keeps the stored one
///   GET  /api/v1/admin/alerts/presets         -> [{name, label, host, port, security,
///                                                authentication, requirements}]
///   POST /api/v1/admin/alerts/test            {to?} -> 200 {ok, detail, to}: one test mail
///                                                through the stored settings and how the SMTP
///                                                conversation ended, in plain words
/// alert: {id, key, severity, state, title, summary, advice, firstSeenAt, lastSeenAt, count,
///         resolvedAt?, mailedAt?}; times in ms since the epoch.
class AlertsHandler {
 public:
  struct Deps {
    AlertBoard& board;
    AlertStore& store;
    SettingsEditor& editor;
    std::function<MailerPtr()> mailers;  ///< A mailer for each test mail.
    std::string consoleUrl;              ///< The console's alert page, for the test mail.
  };
  explicit AlertsHandler(Deps deps) : deps_(std::move(deps)) {}

  void addRoutes(RouteTable* routes);

  /// An alert as the API shows it (also on the dashboard).
  static Poco::JSON::Object::Ptr toJson(const Alert& a);

 private:
  void list(AdminCall& call);
  void history(AdminCall& call);
  void getSettings(AdminCall& call);
  void putSettings(AdminCall& call);
  void presets(AdminCall& call);
  void test(AdminCall& call);

  Deps deps_;
};

}  // namespace enp::admin
