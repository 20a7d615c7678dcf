#include "enp/admin/admin_api.h"

#include "enp/admin/admin_routes.h"
#include "enp/admin/auth/initial_admin.h"
#include "enp/admin/handlers/alerts_handler.h"
#include "enp/admin/handlers/api_tokens_handler.h"
#include "enp/admin/handlers/cluster_handler.h"
#include "enp/admin/handlers/cns_handler.h"
#include "enp/admin/handlers/console_handler.h"
#include "enp/admin/handlers/dashboard_handler.h"
#include "enp/admin/handlers/exchange_handler.h"
#include "enp/admin/handlers/explain_handler.h"
#include "enp/admin/handlers/graph_handler.h"
#include "enp/admin/handlers/logs_handler.h"
#include "enp/admin/handlers/policy_handler.h"
#include "enp/admin/handlers/queue_handler.h"
#include "enp/admin/handlers/registration_keys_handler.h"
#include "enp/admin/handlers/registrations_handler.h"
#include "enp/admin/handlers/restore_handler.h"
#include "enp/admin/handlers/server_handler.h"
#include "enp/admin/handlers/session_handler.h"
#include "enp/admin/handlers/settings_handler.h"
#include "enp/admin/handlers/system_handler.h"
#include "enp/admin/handlers/test_push_handler.h"
#include "enp/admin/handlers/totp_handler.h"
#include "enp/admin/handlers/users_handler.h"
#include "enp/common/log.h"

namespace enp::admin {

struct AdminApi::Handlers {
  std::unique_ptr<SessionHandler> session;
  std::unique_ptr<ApiTokensHandler> apiTokens;
  std::unique_ptr<SettingsHandler> settings;
  std::unique_ptr<ExchangeHandler> exchange;
  std::unique_ptr<GraphHandler> graph;
  std::unique_ptr<CnsHandler> cns;
  std::unique_ptr<RegistrationKeysHandler> registrationKeys;
  std::unique_ptr<RegistrationsHandler> registrations;
  std::unique_ptr<PolicyHandler> policy;
  std::unique_ptr<ExplainHandler> explain;
  std::unique_ptr<TestPushHandler> testPush;
  std::unique_ptr<DashboardHandler> dashboard;
  std::unique_ptr<LogsHandler> logs;
  std::unique_ptr<ServerHandler> server;
  std::unique_ptr<ServedCertificates> certificates;
  std::unique_ptr<SystemHandler> system;
  std::unique_ptr<RestoreHandler> restore;
  std::unique_ptr<AlertsHandler> alerts;
  std::unique_ptr<QueueHandler> queue;
  std::unique_ptr<UsersHandler> users;
  std::unique_ptr<TotpHandler> totp;
  std::unique_ptr<ClusterHandler> cluster;
  ConsoleHandler console;
};

AdminApi::AdminApi(Deps deps)
    : deps_(std::move(deps)),
      users_(deps_.db),
      tokens_(deps_.db),
      audit_(deps_.db),
      mailboxHours_(deps_.db),
      clusterStore_(deps_.db),
      sessionRows_(deps_.db),
      sessions_(deps_.clock, sessionRows_),
      limiter_(deps_.clock),
      exportLimiter_(deps_.clock),
      authenticator_(sessions_, tokens_, users_, deps_.clock),
      secondFactor_(users_, deps_.totpSealKey),
      editor_(deps_.settingsStore, deps_.settings, deps_.zones, deps_.clock),
      handlers_(std::make_unique<Handlers>()) {}

AdminApi::~AdminApi() = default;

Status AdminApi::ensureInitialUser() {
  const Result<std::string> path =
      ensureInitialAdmin(users_, audit_, deps_.config.dataDir, deps_.clock.nowMs());
  if (!path.ok()) {
    return path.error();
  }
  if (!path->empty()) {
    log::get(log::Id::kAdmin)
        .warn(
            "first start: console user '{}' created; its password is in {} (mode 0600), "
            "to be changed at the first login",
            kInitialAdminUser, *path);
  }
  return Status();
}

Poco::Net::HTTPRequestHandlerFactory* AdminApi::routes(const ServerInfo& info) {
  Handlers& h = *handlers_;
  h.session = std::make_unique<SessionHandler>(
      SessionHandler::Deps{users_, sessions_, limiter_, secondFactor_, deps_.config.dataDir});
  h.users = std::make_unique<UsersHandler>(UsersHandler::Deps{users_, sessions_});
  h.totp = std::make_unique<TotpHandler>(TotpHandler::Deps{users_, secondFactor_});
  h.apiTokens = std::make_unique<ApiTokensHandler>(tokens_);
  h.settings =
      std::make_unique<SettingsHandler>(SettingsHandler::Deps{editor_, users_, exportLimiter_});
  h.exchange =
      std::make_unique<ExchangeHandler>(editor_, deps_.transports, deps_.health, deps_.clock);
  h.graph = std::make_unique<GraphHandler>(editor_, deps_.transports, deps_.clock);
  h.cns = std::make_unique<CnsHandler>(editor_, deps_.transports, deps_.health, deps_.clock);
  h.registrationKeys = std::make_unique<RegistrationKeysHandler>(editor_, deps_.keyUsage);
  h.registrations = std::make_unique<RegistrationsHandler>(RegistrationsHandler::Deps{
      deps_.registrations, deps_.decisions, deps_.subscriptions, mailboxHours_,
      deps_.graphSubscriptions, deps_.settings, deps_.mailAccounts, deps_.mailboxBoard});
  h.policy = std::make_unique<PolicyHandler>(editor_);
  h.testPush = std::make_unique<TestPushHandler>(TestPushHandler::Deps{
      editor_, deps_.registrations, deps_.zones, deps_.transports, deps_.clock});
  h.explain = std::make_unique<ExplainHandler>(
      ExplainHandler::Deps{deps_.registrations, mailboxHours_, deps_.zones});
  h.dashboard = std::make_unique<DashboardHandler>(
      DashboardHandler::Deps{deps_.health, deps_.events, deps_.registrations, editor_, deps_.alerts,
                             deps_.subscriptions, deps_.graphSubscriptions, deps_.graphTokens});
  h.logs = std::make_unique<LogsHandler>(audit_);
  h.certificates = std::make_unique<ServedCertificates>(
      std::vector<ServedCertificates::Listener>{{"admin", info.adminCertFile},
                                                {"public", deps_.config.publicTlsCert}},
      info.reloadTls);
  h.server = std::make_unique<ServerHandler>(
      ServerHandler::Deps{deps_.metrics, deps_.config, info.publicPort, info.adminPort,
                          info.baseUrl, info.adminCertFile, *h.certificates});
  h.system = std::make_unique<SystemHandler>(
      SystemHandler::Deps{deps_.db, deps_.events, audit_, users_, exportLimiter_, deps_.clock,
                          deps_.config.dataDir, *h.certificates});
  h.restore = std::make_unique<RestoreHandler>(
      RestoreHandler::Deps{users_, exportLimiter_, deps_.config.dataDir});
  h.alerts = std::make_unique<AlertsHandler>(AlertsHandler::Deps{
      deps_.alerts, deps_.alertStore, editor_, deps_.mailers,
      "https://" + info.adminHost + ":" + std::to_string(info.adminPort) + "/#/alerts"});
  h.queue = std::make_unique<QueueHandler>(deps_.events);
  h.cluster = std::make_unique<ClusterHandler>(
      ClusterHandler::Deps{clusterStore_, deps_.config.nodeName,
                           deps_.db.dialect() == sql::Dialect::kPostgres ? "postgresql" : "sqlite",
                           std::chrono::seconds(deps_.config.clusterHeartbeatSeconds),
                           std::chrono::seconds(deps_.config.clusterNodeExpirySeconds)});
  auto table = std::make_shared<RouteTable>();
  h.session->addRoutes(table.get());
  h.apiTokens->addRoutes(table.get());
  h.settings->addRoutes(table.get());
  h.exchange->addRoutes(table.get());
  h.graph->addRoutes(table.get());
  h.cns->addRoutes(table.get());
  h.registrationKeys->addRoutes(table.get());
  h.registrations->addRoutes(table.get());
  h.policy->addRoutes(table.get());
  h.explain->addRoutes(table.get());
  h.testPush->addRoutes(table.get());
  h.dashboard->addRoutes(table.get());
  h.logs->addRoutes(table.get());
  h.server->addRoutes(table.get());
  h.system->addRoutes(table.get());
  h.restore->addRoutes(table.get());
  h.alerts->addRoutes(table.get());
  h.queue->addRoutes(table.get());
  h.users->addRoutes(table.get());
  h.totp->addRoutes(table.get());
  h.cluster->addRoutes(table.get());
  h.console.addRoutes(table.get());
  return new AdminRoutes(
      table, AdminRoutes::Deps{authenticator_, audit_, deps_.clock, kMaxAdminBodyBytes});
}

}  // namespace enp::admin
