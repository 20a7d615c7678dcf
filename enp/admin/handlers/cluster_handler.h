#pragma once

#include <chrono>
#include <string>

#include "enp/admin/admin_call.h"
#include "enp/store/cluster_store.h"

namespace enp::admin {

/// The nodes sharing the database and who holds which share of single-node work
/// (docs/postgresql.md):
///   GET /api/v1/admin/cluster   (operator) -> {node (this one's name), backend
///       (sqlite|postgresql), heartbeatSeconds, nodeExpirySeconds, shares (how many in all),
///       unheld (held by no live lease), nodes: [{name, state (alive|dead|stopped), startedAt,
///       heartbeatAt, heartbeatAgeMs, stoppedAt?, version, adminListen, publicListen, shares,
///       heldShares: [share numbers], self}]} (times in ms since the epoch; a node is dead when its
///       heartbeat is older than the expiry; shares: those it holds on a lease still running)
class ClusterHandler {
 public:
  struct Deps {
    ClusterStore& store;
    std::string nodeName;
    std::string backend;  ///< sqlite | postgresql
    std::chrono::milliseconds heartbeat;
    std::chrono::milliseconds expiry;
  };
  explicit ClusterHandler(Deps deps) : deps_(std::move(deps)) {}

  void addRoutes(RouteTable* routes);

 private:
  void get(AdminCall& call);

  Deps deps_;
};

}  // namespace enp::admin
