#pragma once

#include <string>

#include "enp/common/status.h"

namespace enp {

/// host:port as configured. Port 0 = any free port (tests); the bound ports go to <data>/ports.
struct ListenAddress {
  std::string host;
  unsigned short port = 0;
  std::string str() const { return host + ":" + std::to_string(port); }
};

/// What must be known before the database opens: /etc/enp/enp.conf (INI). Every key has a
/// default so `enp serve` starts with no file at all.
struct BootstrapConfig {
  /// [public]: Exchange callbacks and the registration API.
  ListenAddress publicListen{"0.0.0.0", 8080};
  /// Open connections at most, in all and from one client address ([public] / [admin]
  /// max_connections, max_connections_per_address): at the cap the longest-idle keep-alive
  /// connection is closed for a new one; beyond the per-address cap new ones are refused.
  int publicMaxConnections = 10000;
  int publicMaxConnectionsPerAddress = 1000;
  int adminMaxConnections = 1000;
  int adminMaxConnectionsPerAddress = 200;
  std::string publicTlsCert;  ///< Empty = plain HTTP (loopback tests only; logged as a warning).
  std::string publicTlsKey;
  std::string baseUrl;  ///< Builds callback URLs; default http://<host>:<port> of the listener.

  /// [admin]: the local console, API and /metrics.
  ListenAddress adminListen{"127.0.0.1", 8443};
  std::string adminTlsCert;  ///< Empty = self-signed, generated into the data dir.
  std::string adminTlsKey;

  /// [storage]
  std::string dataDir = "./var";
  /// sqlite (the file <data_dir>/enp.db, one node) or postgresql (several nodes on one
  /// database: docs/postgresql.md).
  std::string storageBackend = "sqlite";
  /// PostgreSQL's URL (libpq's URI or key=value form; sslmode, sslrootcert ...). Never a
  /// password: that comes from password_file, PGPASSWORD or libpq's passfile.
  std::string storageUrl;
  std::string storagePasswordFile;  ///< A file holding the PostgreSQL password (first line).

  /// [cluster] node_name: this node among those sharing a PostgreSQL database (heartbeats,
  /// leases, the console's cluster page); "" = the host name. Unique per node.
  std::string nodeName;
  /// [cluster] heartbeat_seconds: how often a node renews its row and its shares (work that runs
  /// on one node only: docs/postgresql.md).
  int clusterHeartbeatSeconds = 5;
  /// [cluster] node_expiry_seconds: a node whose heartbeat is older is dead, and its shares are
  /// taken by the others; longer than heartbeat_seconds (three heartbeats by default).
  int clusterNodeExpirySeconds = 15;
  /// [cluster] lease_seconds: on PostgreSQL, how long a node's lease of a queued event lasts
  /// unrenewed (renewed every third of it while the node holds the event): the bound on the
  /// takeover of a dead node's events, and the window for a duplicate push of one that was in
  /// flight when it died.
  int leaseSeconds = 30;

  /// [log] trace|debug|info|warn|error
  std::string logLevel = "info";

  /// [pipeline] tuning with safe defaults.
  /// Batches (one registration's mail, up to 8) read and pushed at once; waiting for Exchange
  /// or CNS costs a socket, not a thread.
  int maxInFlight = 1024;
  /// Batches always allowed at once (at most maxInFlight): between the two, the limit follows
  /// what the load needs (InFlightLimit).
  int minInFlight = 64;
  int maxInFlightPerMailbox = 4;  ///< Of one registration at once (EWS throttles per mailbox).
  int workers = 0;  ///< Threads for the CPU steps (parse, decide, sign); 0 = one per core.
  /// Their nice value: below the listeners' (0), so that acknowledging callbacks keeps the
  /// cores it needs while pushing runs at full speed (bench/RESULTS.md).
  int workersNice = 19;
  /// Public listener: requests answered at once (a complete request takes a thread while its
  /// handler runs; waiting connections take none).
  int httpThreads = 32;
  int keepAliveSeconds = 5;  ///< How long a keep-alive connection may wait for its next request.
  /// Both listeners: a request's headers must arrive within this from their first byte (else the
  /// connection closes), and its body within this from the end of the headers (else 408).
  int requestTimeoutSeconds = 10;
  size_t maxBodyBytes = 1 << 20;  ///< Larger SendNotification/JSON bodies get 413.
  int shutdownGraceSeconds = 10;
  int decisionsKept = 50;  ///< Decisions (with reasons) kept per registration.
  /// Finished events (the memory of which mail was already pushed) are deleted after this.
  int eventsKeptDays = 7;

  /// [subscriptions] for servers whose subscriptions are ENP's (docs/subscriptions.md).
  int subscriptionRatePerServer = 20;  ///< Subscribe requests per second to one server at most.
  int subscriptionConcurrency = 8;     ///< Subscribe requests in flight at once.
  /// How long ENP takes a minute of StatusFrequency to be: 60000. Shorter only for tests
  /// against a fake Exchange whose minutes are as short.
  int subscriptionMinuteMs = 60000;

  /// [imap] the watcher of IMAP mailboxes (docs/imap.md).
  int imapIdleRenewalSeconds = 28 * 60;  ///< IDLE re-issued after this (RFC 2177: < 29 min).
  int imapPollSeconds = 60;              ///< Servers without IDLE are asked this often.
  int imapReloadMs = 5000;               ///< New, changed and removed accounts seen within this.
  int imapConnectsPerSecond = 20;        ///< Connections opened per second at most.
  int imapReconnectMaxSeconds = 300;     ///< The reconnect back-off grows up to this.
  int imapAuthFailedRetryMinutes = 360;  ///< A refused password is tried again after this.
  int pop3PollSeconds = 300;             ///< [imap] pop3_poll_seconds: POP3 accounts polled.

  std::string databasePath() const { return dataDir + "/enp.db"; }
};

/// Parses the INI file at path over the defaults. An empty path reads nothing and gives the
/// defaults. kInvalid with a message naming the file, section and key when something is wrong
/// (a missing or unreadable file included).
Result<BootstrapConfig> loadBootstrap(const std::string& path);

/// "host:port" -> ListenAddress; false for anything else.
bool parseListenAddress(const std::string& text, ListenAddress* out);

}  // namespace enp
