#include "enp/config/bootstrap.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Net/DNS.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/Util/IniFileConfiguration.h>

#include <set>

namespace enp {
namespace {

const std::set<std::string> kKnownKeys = {"public.listen",
                                          "public.tls_cert",
                                          "public.tls_key",
                                          "public.base_url",
                                          "public.max_connections",
                                          "public.max_connections_per_address",
                                          "admin.max_connections",
                                          "admin.max_connections_per_address",
                                          "admin.listen",
                                          "admin.tls_cert",
                                          "admin.tls_key",
                                          "storage.data_dir",
                                          "storage.backend",
                                          "storage.url",
                                          "storage.password_file",
                                          "cluster.node_name",
                                          "cluster.heartbeat_seconds",
                                          "cluster.node_expiry_seconds",
                                          "cluster.lease_seconds",
                                          "log.level",
                                          "pipeline.workers",
                                          "pipeline.workers_nice",
                                          "pipeline.max_in_flight",
                                          "pipeline.min_in_flight",
                                          "pipeline.max_in_flight_per_mailbox",
                                          "pipeline.http_threads",
                                          "pipeline.keep_alive_seconds",
                                          "pipeline.request_timeout_seconds",
                                          "pipeline.max_body_bytes",
                                          "pipeline.shutdown_grace_seconds",
                                          "pipeline.decisions_kept",
                                          "pipeline.events_kept_days",
                                          "subscriptions.rate_per_server",
                                          "subscriptions.concurrency",
                                          "subscriptions.minute_ms",
                                          "imap.idle_renewal_seconds",
                                          "imap.poll_seconds",
                                          "imap.reload_ms",
                                          "imap.connects_per_second",
                                          "imap.reconnect_max_seconds",
                                          "imap.auth_failed_retry_minutes",
                                          "imap.pop3_poll_seconds"};

/// The value of key, trimmed, without a trailing "; comment" or "# comment" (Poco's INI reader
/// only knows comment lines, but admins write comments after values too).
std::string valueOf(const Poco::Util::AbstractConfiguration& cfg, const std::string& key) {
  std::string v = cfg.getString(key);
  for (size_t i = 0; i < v.size(); ++i) {
    if ((v[i] == ';' || v[i] == '#') && (i == 0 || v[i - 1] == ' ' || v[i - 1] == '\t')) {
      v.resize(i);
      break;
    }
  }
  return Poco::trim(v);
}

void collectKeys(const Poco::Util::AbstractConfiguration& cfg, const std::string& prefix,
                 std::vector<std::string>* out) {
  Poco::Util::AbstractConfiguration::Keys keys;
  cfg.keys(prefix, keys);
  for (const auto& k : keys) {
    std::string full = prefix.empty() ? k : prefix + "." + k;
    Poco::Util::AbstractConfiguration::Keys sub;
    cfg.keys(full, sub);
    if (sub.empty()) {
      out->push_back(full);
    } else {
      collectKeys(cfg, full, out);
    }
  }
}

Status readInt(const Poco::Util::AbstractConfiguration& cfg, const std::string& key, int lo, int hi,
               int* out) {
  if (!cfg.has(key)) {
    return Status();
  }
  int v = 0;
  std::string text = valueOf(cfg, key);
  if (!Poco::NumberParser::tryParse(text, v) || v < lo || v > hi) {
    return Status::invalid(key + ": expected a whole number from " + std::to_string(lo) + " to " +
                           std::to_string(hi) + ", got '" + text + "'");
  }
  *out = v;
  return Status();
}

Status readListen(const Poco::Util::AbstractConfiguration& cfg, const std::string& key,
                  ListenAddress* out) {
  if (!cfg.has(key)) {
    return Status();
  }
  std::string text = valueOf(cfg, key);
  if (!parseListenAddress(text, out)) {
    return Status::invalid(key + ": expected host:port (e.g. 0.0.0.0:443), got '" + text + "'");
  }
  return Status();
}

// Every setting of the file over the defaults in *out; problems name the section and key.
Status readAll(const Poco::Util::AbstractConfiguration& cfg, BootstrapConfig* out) {
  int maxBody = static_cast<int>(out->maxBodyBytes);
  ENP_RETURN_IF_ERROR(readListen(cfg, "public.listen", &out->publicListen));
  ENP_RETURN_IF_ERROR(readListen(cfg, "admin.listen", &out->adminListen));
  ENP_RETURN_IF_ERROR(
      readInt(cfg, "public.max_connections", 1, 1000000, &out->publicMaxConnections));
  ENP_RETURN_IF_ERROR(readInt(cfg, "public.max_connections_per_address", 1, 1000000,
                              &out->publicMaxConnectionsPerAddress));
  ENP_RETURN_IF_ERROR(readInt(cfg, "admin.max_connections", 1, 1000000, &out->adminMaxConnections));
  ENP_RETURN_IF_ERROR(readInt(cfg, "admin.max_connections_per_address", 1, 1000000,
                              &out->adminMaxConnectionsPerAddress));
  ENP_RETURN_IF_ERROR(readInt(cfg, "pipeline.workers", 0, 256, &out->workers));
  ENP_RETURN_IF_ERROR(readInt(cfg, "pipeline.workers_nice", 0, 19, &out->workersNice));
  ENP_RETURN_IF_ERROR(readInt(cfg, "pipeline.max_in_flight", 1, 100000, &out->maxInFlight));
  ENP_RETURN_IF_ERROR(readInt(cfg, "pipeline.min_in_flight", 1, 100000, &out->minInFlight));
  ENP_RETURN_IF_ERROR(
      readInt(cfg, "pipeline.max_in_flight_per_mailbox", 1, 1024, &out->maxInFlightPerMailbox));
  ENP_RETURN_IF_ERROR(readInt(cfg, "pipeline.http_threads", 2, 4096, &out->httpThreads));
  ENP_RETURN_IF_ERROR(readInt(cfg, "pipeline.keep_alive_seconds", 1, 3600, &out->keepAliveSeconds));
  ENP_RETURN_IF_ERROR(
      readInt(cfg, "pipeline.request_timeout_seconds", 1, 600, &out->requestTimeoutSeconds));
  ENP_RETURN_IF_ERROR(readInt(cfg, "pipeline.max_body_bytes", 4096, 64 << 20, &maxBody));
  ENP_RETURN_IF_ERROR(
      readInt(cfg, "pipeline.shutdown_grace_seconds", 0, 600, &out->shutdownGraceSeconds));
  ENP_RETURN_IF_ERROR(readInt(cfg, "pipeline.decisions_kept", 1, 10000, &out->decisionsKept));
  ENP_RETURN_IF_ERROR(readInt(cfg, "pipeline.events_kept_days", 1, 3650, &out->eventsKeptDays));
  ENP_RETURN_IF_ERROR(
      readInt(cfg, "subscriptions.rate_per_server", 1, 1000, &out->subscriptionRatePerServer));
  ENP_RETURN_IF_ERROR(
      readInt(cfg, "subscriptions.concurrency", 1, 256, &out->subscriptionConcurrency));
  ENP_RETURN_IF_ERROR(
      readInt(cfg, "subscriptions.minute_ms", 100, 60000, &out->subscriptionMinuteMs));
  ENP_RETURN_IF_ERROR(
      readInt(cfg, "imap.idle_renewal_seconds", 1, 29 * 60 - 1, &out->imapIdleRenewalSeconds));
  ENP_RETURN_IF_ERROR(readInt(cfg, "imap.poll_seconds", 1, 86400, &out->imapPollSeconds));
  ENP_RETURN_IF_ERROR(readInt(cfg, "imap.reload_ms", 100, 3600000, &out->imapReloadMs));
  ENP_RETURN_IF_ERROR(
      readInt(cfg, "imap.connects_per_second", 1, 10000, &out->imapConnectsPerSecond));
  ENP_RETURN_IF_ERROR(
      readInt(cfg, "imap.reconnect_max_seconds", 1, 86400, &out->imapReconnectMaxSeconds));
  ENP_RETURN_IF_ERROR(
      readInt(cfg, "imap.auth_failed_retry_minutes", 1, 10080, &out->imapAuthFailedRetryMinutes));
  ENP_RETURN_IF_ERROR(readInt(cfg, "imap.pop3_poll_seconds", 1, 86400, &out->pop3PollSeconds));
  ENP_RETURN_IF_ERROR(
      readInt(cfg, "cluster.heartbeat_seconds", 1, 600, &out->clusterHeartbeatSeconds));
  ENP_RETURN_IF_ERROR(
      readInt(cfg, "cluster.node_expiry_seconds", 2, 3600, &out->clusterNodeExpirySeconds));
  if (out->clusterNodeExpirySeconds <= out->clusterHeartbeatSeconds) {
    return Status::invalid("cluster.node_expiry_seconds: must be longer than heartbeat_seconds (" +
                           std::to_string(out->clusterHeartbeatSeconds) +
                           "), else a live node loses its shares between two heartbeats");
  }
  out->maxBodyBytes = static_cast<size_t>(maxBody);
  auto str = [&](const std::string& key, std::string* field) {
    if (cfg.has(key)) {
      *field = valueOf(cfg, key);
    }
  };
  str("public.tls_cert", &out->publicTlsCert);
  str("public.tls_key", &out->publicTlsKey);
  str("public.base_url", &out->baseUrl);
  str("admin.tls_cert", &out->adminTlsCert);
  str("admin.tls_key", &out->adminTlsKey);
  str("storage.data_dir", &out->dataDir);
  str("storage.backend", &out->storageBackend);
  str("storage.url", &out->storageUrl);
  str("storage.password_file", &out->storagePasswordFile);
  if (out->storageBackend != "sqlite" && out->storageBackend != "postgresql") {
    return Status::invalid("storage.backend: expected sqlite|postgresql, got '" +
                           out->storageBackend + "'");
  }
  if (out->storageBackend == "postgresql" && out->storageUrl.empty()) {
    return Status::invalid(
        "storage.url: the PostgreSQL database to use (e.g. postgresql://enp@db.example/enp)");
  }
  str("cluster.node_name", &out->nodeName);
  ENP_RETURN_IF_ERROR(readInt(cfg, "cluster.lease_seconds", 1, 3600, &out->leaseSeconds));
  str("log.level", &out->logLevel);
  static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
  if (kLevels.count(out->logLevel) == 0) {
    return Status::invalid("log.level: expected trace|debug|info|warn|error, got '" +
                           out->logLevel + "'");
  }
  if (out->publicTlsCert.empty() != out->publicTlsKey.empty()) {
    return Status::invalid("public.tls_cert and public.tls_key go together");
  }
  if (out->adminTlsCert.empty() != out->adminTlsKey.empty()) {
    return Status::invalid("admin.tls_cert and admin.tls_key go together");
  }
  return Status();
}

}  // namespace

bool parseListenAddress(const std::string& text, ListenAddress* out) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return false;
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  if (!Poco::NumberParser::tryParseUnsigned(text.substr(colon + 1), port) || port > 65535) {
    return false;
  }
  out->host = host;
  out->port = static_cast<unsigned short>(port);
  return true;
}

Result<BootstrapConfig> loadBootstrap(const std::string& path) {
  BootstrapConfig config;
  try {
    config.nodeName = Poco::Net::DNS::hostName();  // unless [cluster] node_name says otherwise
  } catch (const std::exception&) {
    config.nodeName = "enp";
  }
  if (path.empty()) {
    return config;
  }
  if (!Poco::File(path).exists()) {
    return Status::invalid(path + ": no such file");
  }
  Poco::AutoPtr<Poco::Util::IniFileConfiguration> cfg;
  try {
    cfg = new Poco::Util::IniFileConfiguration(path);
  } catch (const Poco::Exception& e) {
    return Status::invalid(path + ": " + e.displayText());
  }
  std::vector<std::string> keys;
  collectKeys(*cfg, "", &keys);
  for (const auto& k : keys) {
    if (kKnownKeys.count(Poco::toLower(k)) == 0) {
      return Status::invalid(path + ": unknown key '" + k + "'");
    }
  }
  if (Status s = readAll(*cfg, &config); !s.ok()) {
    return Status::invalid(path + ": " + s.message());
  }
  if (config.nodeName.empty()) {
    return Status::invalid(path + ": cluster.node_name: empty");
  }
  return config;
}

}  // namespace enp
