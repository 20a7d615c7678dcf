#include "enp/alert/pipeline_alerts.h"

#include "enp/alert/alert_catalog.h"

namespace enp {
namespace {

constexpr std::string_view kExchangePrefix = "exchange:";
constexpr std::string_view kGraphPrefix = "graph:";

// "mail1" for "exchange:mail1" with prefix "exchange:"; "" for another upstream.
std::string nameAfter(const std::string& upstream, std::string_view prefix) {
  return upstream.rfind(prefix, 0) == 0 ? upstream.substr(prefix.size()) : "";
}
std::string serverOf(const std::string& upstream) { return nameAfter(upstream, kExchangePrefix); }

}  // namespace

void PipelineAlerts::onFailure(const Failure& failure, const std::string& upstream, bool held) {
  const std::string server = serverOf(upstream);
  if (failure.system == "exchange" && !server.empty()) {
    if (failure.kind == FailureKind::kAuth) {
      board_.raise(alerts::exchangeAuth(server, failure.detail, failure.advice));
    } else if (failure.kind == FailureKind::kUnreachable && held) {
      board_.raise(alerts::exchangeUnreachable(server, failure.detail));
    }
    return;
  }
  const std::string tenant = nameAfter(upstream, kGraphPrefix);
  if (failure.system == "graph" && !tenant.empty()) {
    if (failure.kind == FailureKind::kAuth || failure.kind == FailureKind::kNotConfigured) {
      board_.raise(alerts::graphAuth(tenant, failure.detail, failure.advice));
    } else if (failure.kind == FailureKind::kUnreachable && held) {
      board_.raise(alerts::graphUnreachable(tenant, failure.detail));
    }
    return;
  }
  if (failure.system != "cns") {
    return;
  }
  if (failure.kind == FailureKind::kRefused || failure.kind == FailureKind::kAuth) {
    board_.raise(alerts::cnsRejects(failure.detail, failure.advice));
  } else if (failure.kind == FailureKind::kNotConfigured) {
    board_.raise(alerts::cnsConfig(failure.detail, failure.advice));
  } else if (failure.kind == FailureKind::kUnreachable && held) {
    board_.raise(alerts::cnsUnreachable(failure.detail));
  }
}

void PipelineAlerts::onSuccess(const std::string& upstream) {
  if (upstream == "cns") {
    board_.resolve(alerts::kCnsRejects);
    board_.resolve(alerts::kCnsUnreachable);
    board_.resolve(alerts::kCnsConfig);
    return;
  }
  const std::string server = serverOf(upstream);
  if (!server.empty()) {
    board_.resolve(alerts::exchangeAuthKey(server));
    board_.resolve(alerts::exchangeUnreachableKey(server));
  }
  const std::string tenant = nameAfter(upstream, kGraphPrefix);
  if (!tenant.empty()) {
    board_.resolve(alerts::graphAuthKey(tenant));
    board_.resolve(alerts::graphUnreachableKey(tenant));
  }
}

void PipelineAlerts::onStoreFailure(const Status& status) {
  board_.raise(alerts::databaseCommit(status.message()));
}

}  // namespace enp
