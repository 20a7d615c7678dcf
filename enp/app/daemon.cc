#include "enp/app/daemon.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Net/DNS.h>
#include <sys/resource.h>

#include <cmath>
#include <csignal>
#include <fstream>

#include "enp/admin/admin_api.h"
#include "enp/admin/self_signed.h"
#include "enp/alert/alert_catalog.h"
#include "enp/alert/alert_notifier.h"
#include "enp/alert/condition_monitor.h"
#include "enp/alert/pipeline_alerts.h"
#include "enp/alert/test_mail.h"
#include "enp/app/maintenance.h"
#include "enp/app/systemd_notify.h"
#include "enp/backup/restore.h"
#include "enp/cluster/cluster_heartbeat.h"
#include "enp/common/data_dir_lock.h"
#include "enp/common/data_key.h"
#include "enp/common/log.h"
#include "enp/common/version.h"
#include "enp/decide/zone_loader.h"
#include "enp/http/listener.h"
#include "enp/inbound/public_routes.h"
#include "enp/pipeline/pipeline.h"
#include "enp/pipeline/upstream_gates.h"
#include "enp/sink/cns/cns_sink.h"
#include "enp/source/imap/mail_login.h"
#include "enp/source/sources.h"
#include "enp/source/watch/imap_source.h"
#include "enp/source/watch/mailbox_watcher.h"
#include "enp/source/watch/watch_board.h"
#include "enp/store/configured_database.h"
#include "enp/store/data_key_check_store.h"
#include "enp/store/decision_store.h"
#include "enp/store/event_store.h"
#include "enp/store/folder_mark_store.h"
#include "enp/store/graph_subscription_store.h"
#include "enp/store/key_usage_store.h"
#include "enp/store/mail_account_store.h"
#include "enp/store/pop3_seen_store.h"
#include "enp/store/queue_wakeups.h"
#include "enp/store/registration_store.h"
#include "enp/store/settings_cache.h"
#include "enp/store/settings_store.h"
#include "enp/store/subscription_store.h"

namespace enp {
namespace {

// Connect, TLS, login and EXAMINE each within this while a registration waits for its answer.
constexpr std::chrono::seconds kMailLoginTimeout{15};
// Login checks at once: each holds one of the public listener's handler threads meanwhile.
constexpr int kMailLoginChecksAtOnce = 4;

std::string defaultBaseUrl(const BootstrapConfig& c, unsigned short port) {
  std::string host = c.publicListen.host;
  if (host == "0.0.0.0" || host == "::" || host.empty()) {
    host = Poco::Net::DNS::hostName();
  }
  return (c.publicTlsCert.empty() ? "http://" : "https://") + host + ":" + std::to_string(port);
}

bool writePorts(const std::string& dataDir, const std::string& pub, const std::string& admin) {
  std::string tmp = dataDir + "/ports.tmp";
  {
    std::ofstream out(tmp);
    out << "public=" << pub << "\nadmin=" << admin << "\n";
    if (!out) {
      return false;
    }
  }
  return std::rename(tmp.c_str(), (dataDir + "/ports").c_str()) == 0;
}

// The admin listener's host as links in alert mail name it.
std::string consoleHost(const BootstrapConfig& c) {
  const std::string& host = c.adminListen.host;
  if (host == "0.0.0.0" || host == "::" || host.empty()) {
    return Poco::Net::DNS::hostName();
  }
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// What an administrator reads when this node's enp.key is not the database's.
std::string dataKeyMismatch(const std::string& keyPath) {
  return keyPath +
         " is not the data key this database was set up with (the nodes sharing a database need "
         "the same enp.key, and a restored database needs the enp.key of its backup): copy "
         "enp.key from a node that runs on this database (or from the backup) to " +
         keyPath +
         " (mode 0600, owned by the user ENP runs as), and start ENP again; only when no node "
         "and no backup holds that key any more: `enp storage adopt-key`";
}

MailboxWatcherOptions mailboxWatcherOptions(const BootstrapConfig& c) {
  MailboxWatcherOptions o;
  o.watch.idleRenewal = std::chrono::seconds(c.imapIdleRenewalSeconds);
  o.watch.pollInterval = std::chrono::seconds(c.imapPollSeconds);
  o.watch.reconnect.max = std::chrono::seconds(c.imapReconnectMaxSeconds);
  o.watch.reconnect.authFailed = std::chrono::minutes(c.imapAuthFailedRetryMinutes);
  o.reload = std::chrono::milliseconds(c.imapReloadMs);
  o.pop3Interval = std::chrono::seconds(c.pop3PollSeconds);
  o.connectsPerSecond = c.imapConnectsPerSecond;
  return o;
}

}  // namespace

int runDaemon(const BootstrapConfig& config, const std::string& zonesPath) {
  auto& mlog = log::get(log::Id::kMain);
  // Signals are taken by waitForSignal below; every thread started from here inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  // Every open connection is a descriptor: take the hard limit (the unit's LimitNOFILE) as ours.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }

  try {
    Poco::File(config.dataDir).createDirectories();
  } catch (const Poco::Exception& e) {
    mlog.error("data directory {}: {}", config.dataDir, e.displayText());
    return 1;
  }
  // Held until the process ends: `enp restore` and a second daemon keep off this directory.
  const Result<DataDirLock> dataDirLock = DataDirLock::acquire(config.dataDir);
  if (!dataDirLock.ok()) {
    mlog.error("data directory: {}", dataDirLock.error().message());
    return 1;
  }
  // A restore uploaded in the console waits for this moment: the lock is held, the database
  // not yet open. When it cannot be applied, ENP starts with the installation as it was.
  const Result<std::optional<backup::RestoreReport>> restored =
      backup::applyStagedRestore(config.dataDir, SystemClock().nowMs());
  if (!restored.ok()) {
    mlog.error("staged restore not applied, the installation is as it was: {}",
               restored.error().message());
  } else if (restored->has_value()) {
    mlog.warn("staged restore applied (schema version {}); the replaced files are in {}",
              (*restored)->schemaVersion,
              (*restored)->keptAside.empty() ? std::string("(none)") : (*restored)->keptAside);
  }
  Result<std::unique_ptr<rules::ZoneDb>> loadedZones = loadZoneDb(zonesPath);
  if (!loadedZones.ok()) {
    mlog.error("{}", loadedZones.error().message());
    return 1;
  }
  const std::unique_ptr<rules::ZoneDb> zones = std::move(*loadedZones);
  Result<std::unique_ptr<Database>> opened = openConfiguredDatabase(config);
  if (!opened.ok()) {
    mlog.error("database: {}", opened.error().message());
    return 1;
  }
  const std::unique_ptr<Database> db = std::move(*opened);
  mlog.info("database {} (schema version {})", db->where(), db->schemaVersion());
  SystemClock clock;
  Metrics metrics;
  SettingsStore settingsStore(*db);
  SettingsCache settings(settingsStore);
  RegistrationStore registrations(*db);
  EventStore events(*db);
  // On PostgreSQL the queue is shared with the other nodes on the database: leased by name.
  const bool sharedQueue = db->dialect() == sql::Dialect::kPostgres;
  if (sharedQueue) {
    events.shareQueue(config.nodeName);
    mlog.info("node {}: the queue is shared with the nodes on this database (leases of {} s)",
              config.nodeName, config.leaseSeconds);
  }
  DecisionStore decisions(*db, config.decisionsKept);
  KeyUsageStore keyUsage(*db);
  HealthBoard health;
  AlertStore alertStore(*db);
  AlertBoard alerts(alertStore, clock, metrics);
  if (const Status loaded = alerts.load(); !loaded.ok()) {
    mlog.warn("alerts: the open ones could not be read: {}", loaded.message());
  }
  PipelineAlerts pipelineAlerts(alerts);
  // Work that runs on one node only: on PostgreSQL this node's shares, renewed by its heartbeat
  // (started once the listeners are bound); on SQLite, the one node, all of it.
  ClusterStore clusterStore(*db);
  const bool severalNodes = db->dialect() == sql::Dialect::kPostgres;
  cluster::ShareBook shares(clock, severalNodes ? cluster::ShareBook::Holding::kByHeartbeat
                                                : cluster::ShareBook::Holding::kEverything);
  // What the keepers, watchers, retention and alert mail ask; null on SQLite: all is theirs,
  // and they run exactly as on one node.
  const cluster::ShareBook* const sharedWork = severalNodes ? &shares : nullptr;
  metrics.gauge("enp_queue_depth", "Events waiting to be processed", [&] {
    const Result<int64_t> n = events.queuedCount();
    return n.ok() ? static_cast<double>(*n) : std::nan("");
  });

  for (const auto& p : settings.get(clock.nowMs())->incomplete()) {
    mlog.warn("not ready: {} (set it in the console or with `enp settings import`)", p);
  }
  const std::chrono::milliseconds requestTimeout(config.requestTimeoutSeconds * 1000);
  const Result<DataKey> dataKey = DataKey::loadOrCreate(config.dataDir + "/enp.key");
  if (!dataKey.ok()) {
    mlog.error("data key: {}", dataKey.error().message());
    return 1;
  }
  if (const Status keyCheck = DataKeyCheckStore(*db).check(dataKey->fingerprint(), clock.nowMs());
      !keyCheck.ok()) {
    mlog.error("data key: {}", keyCheck.code() == StatusCode::kConflict
                                   ? dataKeyMismatch(config.dataDir + "/enp.key")
                                   : keyCheck.message());
    return 1;
  }
  MailAccountStore mailAccounts(*db, dataKey->derive("credentials"));
  // Callback URLs need the bound port: bind first, then route and serve.
  Result<std::unique_ptr<Listener>> publicBound = Listener::open(ListenerOptions{
      config.publicListen, config.publicTlsCert, config.publicTlsKey, config.httpThreads,
      config.keepAliveSeconds, config.requestTimeoutSeconds, config.maxBodyBytes,
      config.publicMaxConnections, config.publicMaxConnectionsPerAddress, "public", &metrics});
  if (!publicBound.ok()) {
    mlog.error("cannot listen: {}", publicBound.error().message());
    return 1;
  }
  const std::unique_ptr<Listener> publicListener = std::move(*publicBound);
  std::string baseUrl = config.baseUrl;
  if (baseUrl.empty()) {
    baseUrl = defaultBaseUrl(config, publicListener->port());
  }
  SubscriptionStore subscriptions(*db);
  MailboxHoursStore mailboxHours(*db);
  GraphSubscriptionStore graphSubscriptions(*db);
  TokenProvider graphTokens(ews::makeCurlTransport, clock, &metrics);
  FolderMarkStore folderMarks(*db);
  Pop3SeenStore pop3Seen(*db);
  WatchBoard mailboxBoard;
  for (const WatchState state :
       {WatchState::kConnecting, WatchState::kIdle, WatchState::kPolling, WatchState::kRetrying,
        WatchState::kAuthFailed, WatchState::kStopped}) {
    metrics.gauge(std::string("enp_mailbox_connections{state=\"") + toString(state) + "\"}",
                  "IMAP and POP3 accounts by connection state", [&mailboxBoard, state] {
                    return static_cast<double>(mailboxBoard.count(state));
                  });
  }
  const MailboxWatcherOptions watcherOptions = mailboxWatcherOptions(config);
  const MailboxSourceDeps mailboxes{mailAccounts, folderMarks, pop3Seen, mailboxBoard,
                                    watcherOptions};
  const std::vector<SourcePtr> sources = makeSources(
      {registrations, events, metrics, clock, ews::makeCurlTransport, config.maxBodyBytes,
       requestTimeout, subscriptions, [&] { return settings.get(clock.nowMs()); }, baseUrl,
       dataKey->derive("callback-tokens"),
       [&alerts](const std::string& key, const std::string& message) {
         // Keys are "subscriptions-failing:<server>", "subscriptions-failing:graph:<tenant>"
         // or "mail-logins-failing:<mailServers name>".
         const std::string where = key.substr(key.find(':') + 1);
         if (message.empty()) {
           alerts.resolve(key);
         } else if (key.rfind("mail-logins-failing:", 0) == 0) {
           alerts.raise(alerts::mailLoginsFailing(where, message));
         } else if (where.rfind("graph:", 0) == 0) {
           alerts.raise(alerts::graphSubscriptionsFailing(where.substr(6), message));
         } else {
           alerts.raise(alerts::subscriptionsFailing(where, message));
         }
       },
       SubscriptionTuning{static_cast<double>(config.subscriptionRatePerServer),
                          config.subscriptionConcurrency,
                          std::chrono::milliseconds(config.subscriptionMinuteMs)},
       mailboxHours, *zones, graphSubscriptions, graphTokens, &mailboxes, sharedWork});
  UpstreamGates gates(metrics);
  Pipeline pipeline(
      {registrations, mailboxHours, events, decisions, settings, *zones, metrics, clock, health,
       gates, sources, RetryOptions{}, &pipelineAlerts},
      [] { return std::make_unique<CnsSink>(ews::makeCurlTransport); },
      PipelineOptions{.maxInFlight = config.maxInFlight,
                      .minInFlight = config.minInFlight,
                      .maxInFlightPerRegistration = config.maxInFlightPerMailbox,
                      .cpuThreads = config.workers,
                      .cpuNice = config.workersNice,
                      .sharedLease = sharedQueue ? std::chrono::seconds(config.leaseSeconds)
                                                 : std::chrono::seconds(0)});
  metrics.gauge("enp_outgoing_requests_in_flight", "GetItem and CNS requests waiting for an answer",
                [&pipeline] { return static_cast<double>(pipeline.requestsInFlight()); });
  metrics.gauge("enp_pipeline_batch_limit",
                "Batches that may run at once now, between min_in_flight and max_in_flight",
                [&pipeline] { return static_cast<double>(pipeline.batchLimit()); });
  metrics.counterReading(
      "enp_outgoing_connections_opened_total",
      "Connections the pipeline opened to mail servers and CNS (a reused one opens none)",
      [&pipeline] { return static_cast<double>(pipeline.connectionsOpened()); });
  events.setOnQueued(
      [&pipeline](const std::vector<std::string>& queuedFor) { pipeline.queued(queuedFor); });
  // What other nodes queue wakes this one's dispatcher too (its poll is the safety net).
  std::optional<QueueWakeups> queueWakeups;
  if (sharedQueue) {
    queueWakeups.emplace(*db, config.nodeName, [&pipeline] { pipeline.wake(); });
  }

  std::string adminCert = config.adminTlsCert, adminKey = config.adminTlsKey;
  if (adminCert.empty()) {
    adminCert = config.dataDir + "/admin-cert.pem";
    adminKey = config.dataDir + "/admin-key.pem";
    if (Status made = ensureSelfSignedCertificate(adminCert, adminKey, Poco::Net::DNS::hostName());
        !made.ok()) {
      mlog.error("admin certificate: {}", made.message());
      return 1;
    }
  }
  if (config.publicTlsCert.empty()) {
    mlog.warn("public listener without TLS: use it on loopback for tests only");
  }
  admin::AdminApi adminApi({*db,
                            settingsStore,
                            settings,
                            registrations,
                            events,
                            decisions,
                            keyUsage,
                            health,
                            metrics,
                            *zones,
                            clock,
                            ews::makeCurlTransport,
                            config,
                            alerts,
                            alertStore,
                            [] { return std::make_unique<SmtpMailer>(); },
                            subscriptions,
                            mailAccounts,
                            dataKey->derive("console-totp"),
                            graphSubscriptions,
                            graphTokens,
                            &mailboxBoard});
  if (Status initial = adminApi.ensureInitialUser(); !initial.ok()) {
    mlog.error("admin console: {}", initial.message());
    return 1;
  }
  Status serving = publicListener->start(new PublicRoutes(
      sources,
      RegistrationHandler::Deps{registrations, settings, *zones, metrics, clock, baseUrl,
                                config.maxBodyBytes, requestTimeout, keyUsage, mailAccounts,
                                [](const MailServer& server, const imap::MailLogin& login) {
                                  return imap::checkMailLogin(server, login, kMailLoginTimeout);
                                },
                                std::make_shared<LoginCheckGate>(kMailLoginChecksAtOnce)},
      *db));
  Result<std::unique_ptr<Listener>> adminBound =
      serving.ok()
          ? Listener::open(ListenerOptions{config.adminListen, adminCert, adminKey, 16, 15,
                                           config.requestTimeoutSeconds, admin::kMaxAdminBodyBytes,
                                           config.adminMaxConnections,
                                           config.adminMaxConnectionsPerAddress, "admin", &metrics})
          : serving;
  if (!adminBound.ok()) {
    mlog.error("cannot listen: {}", adminBound.error().message());
    return 1;
  }
  const std::unique_ptr<Listener> adminListener = std::move(*adminBound);
  serving = adminListener->start(adminApi.routes(
      {publicListener->port(), adminListener->port(), consoleHost(config), baseUrl, adminCert,
       [&](const std::string& listener) {
         return listener == "admin"
                    ? adminListener->reloadTls(adminCert, adminKey)
                    : publicListener->reloadTls(config.publicTlsCert, config.publicTlsKey);
       }}));
  if (!serving.ok()) {
    mlog.error("cannot listen: {}", serving.message());
    return 1;
  }
  std::string pub = config.publicListen.host + ":" + std::to_string(publicListener->port());
  std::string adm = config.adminListen.host + ":" + std::to_string(adminListener->port());
  ClusterNode self;
  self.name = config.nodeName;
  self.startedAt = clock.nowMs();
  self.version = std::string(version());
  self.adminListen = adm;
  self.publicListen = pub;
  cluster::ClusterHeartbeat heartbeat({clusterStore, shares, clock, self},
                                      {std::chrono::seconds(config.clusterHeartbeatSeconds),
                                       std::chrono::seconds(config.clusterNodeExpirySeconds)});
  heartbeat.start();  // first beat now: the sources below start with this node's shares
  SmtpMailer mailer;
  AlertNotifier notifier(
      {alerts, settings, mailer, clock, metrics, mailHostName(),
       "https://" + consoleHost(config) + ":" + std::to_string(adminListener->port()) + "/#/alerts",
       sharedWork});
  alerts.setOnChange([&notifier] { notifier.wake(); });
  notifier.start();
  ConditionMonitor monitor({alerts,
                            events,
                            *db,
                            settings,
                            clock,
                            config.dataDir,
                            {{"public", config.publicTlsCert}, {"admin", adminCert}}});
  monitor.start();
  pipeline.start();
  if (queueWakeups) {
    queueWakeups->start();
  }
  for (const SourcePtr& source : sources) {
    source->start();
  }
  Maintenance::Options upkeep;
  upkeep.retention = std::chrono::hours(24 * config.eventsKeptDays);
  upkeep.interval = std::chrono::minutes(10);
  upkeep.shares = sharedWork;  // one node prunes for all
  Maintenance maintenance(events, clock, metrics, upkeep, &alertStore);
  maintenance.start();
  if (!writePorts(config.dataDir, pub, adm)) {
    mlog.warn("could not write {}/ports", config.dataDir);
  }
  mlog.info("ready: public={} admin=https://{} callbacks={}/ews/notify/...", pub, adm, baseUrl);
  systemd::notifyReady("public " + pub + ", admin " + adm);

  int sig = systemd::waitForSignal(signals, [&db] { return db->writable().ok(); });
  systemd::notifyStopping();
  mlog.info("signal {}: shutting down", sig);
  publicListener->stop();
  for (const SourcePtr& source : sources) {
    source->stop();
  }
  maintenance.stop();
  monitor.stop();
  // This node's watches and keepers have stopped: its shares go to the others now, not after
  // the expiry, while the pipeline drains.
  heartbeat.stop();
  if (queueWakeups) {
    queueWakeups->stop();
  }
  bool clean = pipeline.stop(std::chrono::seconds(config.shutdownGraceSeconds));
  adminListener->stop();
  notifier.stop();
  if (!clean) {
    mlog.warn("work still in flight after {} s stays queued for the next start",
              config.shutdownGraceSeconds);
    spdlog::shutdown();
    std::_Exit(0);
  }
  mlog.info("stopped");
  return 0;
}

}  // namespace enp
