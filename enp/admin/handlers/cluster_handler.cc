#include "enp/admin/handlers/cluster_handler.h"

#include <Poco/JSON/Array.h>

#include <map>

namespace enp::admin {

void ClusterHandler::addRoutes(RouteTable* routes) {
  routes->push_back({.method = "GET",
                     .pattern = "/api/v1/admin/cluster",
                     .handler = [this](AdminCall& c) { get(c); },
                     .role = Role::kOperator});
}

void ClusterHandler::get(AdminCall& call) {
  const Result<std::vector<ClusterNode>> nodes = deps_.store.nodes();
  if (!nodes.ok()) {
    call.sendInternalError(nodes.error());
    return;
  }
  const Result<std::vector<ClusterShare>> shares = deps_.store.shares();
  if (!shares.ok()) {
    call.sendInternalError(shares.error());
    return;
  }
  const int64_t now = call.nowMs();
  std::map<std::string, Poco::JSON::Array> held;  // by node: its shares, ascending
  int unheld = 0;
  for (const ClusterShare& s : *shares) {
    if (s.holder.empty() || s.heldUntil < now) {
      ++unheld;
    } else {
      held[s.holder].add(s.share);
    }
  }
  Poco::JSON::Array list;
  for (const ClusterNode& n : *nodes) {
    Poco::JSON::Object o;
    const int64_t age = now - n.heartbeatAt;
    o.set("name", n.name);
    o.set("state", n.stoppedAt != 0 ? "stopped" : age <= deps_.expiry.count() ? "alive" : "dead");
    o.set("startedAt", n.startedAt);
    o.set("heartbeatAt", n.heartbeatAt);
    o.set("heartbeatAgeMs", age);
    if (n.stoppedAt != 0) {
      o.set("stoppedAt", n.stoppedAt);
    }
    o.set("version", n.version);
    o.set("adminListen", n.adminListen);
    o.set("publicListen", n.publicListen);
    o.set("shares", static_cast<int>(held[n.name].size()));
    o.set("heldShares", held[n.name]);
    o.set("self", n.name == deps_.nodeName);
    list.add(o);
  }
  Poco::JSON::Object out;
  out.set("node", deps_.nodeName);
  out.set("backend", deps_.backend);
  out.set("heartbeatSeconds", deps_.heartbeat.count() / 1000);
  out.set("nodeExpirySeconds", deps_.expiry.count() / 1000);
  out.set("shares", static_cast<int>(shares->size()));
  out.set("unheld", unheld);
  out.set("nodes", list);
  call.sendJson(200, out);
}

}  // namespace enp::admin
