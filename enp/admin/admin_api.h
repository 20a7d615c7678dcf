#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <memory>
#include <string>

#include "enp/admin/auth/authenticator.h"
#include "enp/admin/auth/login_limiter.h"
#include "enp/admin/auth/second_factor.h"
#include "enp/admin/auth/session_manager.h"
#include "enp/admin/settings_editor.h"
#include "enp/alert/alert_board.h"
#include "enp/alert/smtp_mailer.h"
#include "enp/common/clock.h"
#include "enp/common/metrics.h"
#include "enp/config/bootstrap.h"
#include "enp/http/transport_factory.h"
#include "enp/pipeline/health_board.h"
#include "enp/source/graph/token_provider.h"
#include "enp/store/admin_user_store.h"
#include "enp/store/api_token_store.h"
#include "enp/store/audit_store.h"
#include "enp/store/cluster_store.h"
#include "enp/store/decision_store.h"
#include "enp/store/event_store.h"
#include "enp/store/graph_subscription_store.h"
#include "enp/store/key_usage_store.h"
#include "enp/store/mail_account_store.h"
#include "enp/store/mailbox_hours_store.h"
#include "enp/store/registration_store.h"
#include "enp/store/settings_cache.h"
#include "enp/store/settings_store.h"
#include "enp/store/subscription_store.h"
#include "rules/zones.h"

namespace enp {
class WatchBoard;
}

namespace enp::admin {

/// The admin side of the daemon (DESIGN §4.4): owns the console's stores, sessions, login
/// limiter and handlers, and builds the admin listener's route table. Every endpoint is listed
/// in docs/admin-api.md. Must outlive the listener that serves routes().
/// The largest request body the admin listener reads: admin bodies are small JSON documents (a
/// PEM certificate chain is the largest).
inline constexpr size_t kMaxAdminBodyBytes = 1 << 20;

class AdminApi {
 public:
  struct Deps {
    Database& db;
    SettingsStore& settingsStore;
    SettingsCache& settings;
    RegistrationStore& registrations;
    EventStore& events;
    DecisionStore& decisions;
    KeyUsageStore& keyUsage;
    HealthBoard& health;
    Metrics& metrics;
    const rules::ZoneDb& zones;
    const Clock& clock;
    TransportFactory transports;  ///< For the Exchange and CNS tests.
    BootstrapConfig config;
    AlertBoard& alerts;
    AlertStore& alertStore;
    std::function<MailerPtr()> mailers;  ///< For the test mail.
    SubscriptionStore& subscriptions;
    MailAccountStore& mailAccounts;  ///< Registrations' IMAP and POP3 accounts (no password).
    std::string
        totpSealKey;  ///< Seals console users' TOTP secrets: DataKey::derive("console-totp").
    GraphSubscriptionStore& graphSubscriptions;
    const TokenProvider& graphTokens;  ///< The daemon's: how signing in to each tenant went.
    /// IMAP accounts' connection states (the mailbox watcher's); null: none shown.
    const WatchBoard* mailboxBoard = nullptr;
  };
  /// What the admin listener needs to know about the running daemon.
  struct ServerInfo {
    unsigned short publicPort = 0;
    unsigned short adminPort = 0;
    std::string adminHost = "127.0.0.1";  ///< As links in alert mail name the console.
    std::string baseUrl;
    std::string adminCertFile;
    /// Loads a listener's ("admin", "public") certificate files again, without a restart.
    std::function<Status(const std::string& listener)> reloadTls;
  };

  explicit AdminApi(Deps deps);
  ~AdminApi();

  /// First start: creates the "admin" user with a generated password when there is no user,
  /// and logs the path of the 0600 file holding it. ensureInitialAdmin()'s failure otherwise.
  Status ensureInitialUser();

  /// The request handler factory for the admin listener.
  Poco::Net::HTTPRequestHandlerFactory* routes(const ServerInfo& info);

 private:
  struct Handlers;

  Deps deps_;
  AdminUserStore users_;
  ApiTokenStore tokens_;
  AuditStore audit_;
  MailboxHoursStore mailboxHours_;
  ClusterStore clusterStore_;
  AdminSessionStore sessionRows_;
  SessionManager sessions_;
  LoginLimiter limiter_;
  LoginLimiter exportLimiter_;  ///< Passwords repeated to export secrets (counted apart).
  Authenticator authenticator_;
  SecondFactor secondFactor_;
  SettingsEditor editor_;
  std::unique_ptr<Handlers> handlers_;
};

}  // namespace enp::admin
