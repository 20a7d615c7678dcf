#include "enp/source/graph/graph_notify_handler.h"

#include <Poco/URI.h>

#include <map>

#include "enp/common/log.h"
#include "enp/common/log_text.h"
#include "enp/common/secrets.h"
#include "enp/http/http_util.h"
#include "enp/source/graph/graph_notification.h"

namespace enp {
namespace {

// Graph wants an answer within 3 s (10 s for a validation): a body that takes longer than this
// to arrive is refused rather than answered late.
constexpr std::chrono::milliseconds kBodyTime{2000};
// Graph's validation tokens are short opaque strings; anything longer is not Graph's.
constexpr size_t kMaxValidationToken = 2048;

spdlog::logger& glog() { return log::get(log::Id::kGraph); }

std::string validationToken(const Poco::Net::HTTPServerRequest& req) {
  try {
    for (const auto& [name, value] : Poco::URI(req.getURI()).getQueryParameters()) {
      if (name == "validationToken") {
        return value;  // Decoded, as Graph requires it echoed.
      }
    }
  } catch (const Poco::Exception&) {
  }
  return "";
}

GraphLifecycle lifecycleOf(const std::string& event) {
  if (event == "reauthorizationRequired") {
    return GraphLifecycle::kReauthorize;
  }
  if (event == "subscriptionRemoved") {
    return GraphLifecycle::kRecreate;
  }
  if (event == "missed") {
    return GraphLifecycle::kCatchUp;
  }
  return GraphLifecycle::kNone;
}

}  // namespace

GraphNotifyHandler::Counters::Counters(Metrics& m)
    : validations(m.counter("enp_graph_validations_total",
                            "Graph validation requests answered (subscriptions being created)")),
      queued(m.counter("enp_graph_notifications_total{result=\"queued\"}",
                       "Graph change notifications by result")),
      duplicates(m.counter("enp_graph_notifications_total{result=\"duplicate\"}")),
      refusedClientState(m.counter("enp_graph_notifications_refused_total{reason=\"client_state\"}",
                                   "Graph notifications refused")),
      refusedUnknown(
          m.counter("enp_graph_notifications_refused_total{reason=\"unknown_subscription\"}")),
      lifecycle(m.counter("enp_graph_lifecycle_notifications_total",
                          "Graph lifecycle notifications accepted")) {}

void GraphNotifyHandler::countForTenant(const std::string& tenant, const char* result, uint64_t n) {
  if (n == 0) {
    return;
  }
  deps_.metrics
      .counter("enp_graph_tenant_notifications_total{tenant=\"" + Metrics::labelValue(tenant) +
                   "\",result=\"" + result + "\"}",
               "Graph notifications by tenant (graph[].name) and result")
      .inc(n);
}

void GraphNotifyHandler::reject(Poco::Net::HTTPServerResponse& resp, int status,
                                const std::string& reason, const std::string& detail) {
  deps_.metrics.counter("enp_graph_requests_refused_total{reason=\"" + reason + "\"}").inc();
  glog().warn("graph notification refused ({}): {}", status, forLog(detail));
  http::send(resp, status, "text/plain; charset=utf-8", detail + "\n");
}

void GraphNotifyHandler::handleRequest(Poco::Net::HTTPServerRequest& req,
                                       Poco::Net::HTTPServerResponse& resp) {
  if (req.getMethod() != "POST") {
    resp.set("Allow", "POST");
    reject(resp, 405, "bad_method", "method " + req.getMethod() + " not allowed");
    return;
  }
  const std::string token = validationToken(req);
  if (!token.empty()) {
    if (token.size() > kMaxValidationToken) {
      reject(resp, 400, "bad_validation", "validationToken too long");
      return;
    }
    deps_.counters.validations.inc();
    resp.set("X-Content-Type-Options", "nosniff");
    http::send(resp, 200, "text/plain; charset=utf-8", token);
    return;
  }
  if (http::mediaType(req) != "application/json") {
    reject(resp, 415, "bad_content_type", "expected application/json");
    return;
  }
  std::string body;
  switch (
      http::readBody(req, deps_.maxBodyBytes, &body, std::min(deps_.requestTimeout, kBodyTime))) {
    case http::BodyStatus::kTooLarge:
      resp.setKeepAlive(false);
      reject(resp, 413, "too_large", "body too large");
      http::lingeringClose(req, resp);
      return;
    case http::BodyStatus::kTooSlow:
      resp.setKeepAlive(false);
      reject(resp, 408, "too_slow", "body not received in time");
      http::lingeringClose(req, resp);
      return;
    case http::BodyStatus::kReadError:
      reject(resp, 400, "read_error", "could not read the body");
      return;
    case http::BodyStatus::kOk:
      break;
  }
  auto parsed = parseGraphNotifications(body);
  if (!parsed.ok()) {
    reject(resp, 400, "malformed",
           "not a Graph notification collection: " + parsed.error().message());
    return;
  }
  const int64_t now = deps_.clock.nowMs();
  std::map<std::string, NotifyWrite> writes;  // by registration
  size_t accepted = 0, refused = 0;
  bool lifecycleSeen = false;
  std::map<std::string, std::string> tenantOf;  // registration id -> graph[].name
  for (const GraphNotification& n : *parsed) {
    Result<GraphSubscriptionOwner> owner = deps_.subscriptions.owner(n.subscriptionId);
    if (!owner.ok() && owner.error().code() != StatusCode::kNotFound) {
      glog().error("graph notification: {}", owner.error().message());
      reject(resp, 500, "lookup_failed", "could not look up the subscription");
      return;
    }
    bool pendingCreate = false;
    if (!owner.ok()) {
      // Its create may not have returned yet: the clientState names the registration.
      const std::string hash = sha256Hex(n.clientState);
      const std::string pending = deps_.pending.registrationFor(hash);
      if (!pending.empty()) {
        owner = GraphSubscriptionOwner{pending, hash, false, deps_.pending.tenantFor(hash)};
        pendingCreate = true;
      } else {
        // The keeper stores the record, then ends the wait: both may have happened between
        // the two looks above, and then the record is there now.
        owner = deps_.subscriptions.owner(n.subscriptionId);
        if (!owner.ok() && owner.error().code() != StatusCode::kNotFound) {
          glog().error("graph notification: {}", owner.error().message());
          reject(resp, 500, "lookup_failed", "could not look up the subscription");
          return;
        }
      }
    }
    if (!owner.ok() || owner->revoked) {
      ++refused;
      deps_.counters.refusedUnknown.inc();
      glog().info("graph notification for unknown or revoked subscription {}: ignored",
                  forLog(n.subscriptionId, 80));
      continue;
    }
    if (!constantTimeEquals(sha256Hex(n.clientState), owner->clientStateHash)) {
      ++refused;
      deps_.counters.refusedClientState.inc();
      countForTenant(owner->tenant, "refused_client_state");
      glog().warn("[reg {}] graph notification with a wrong clientState: refused",
                  owner->registrationId);
      continue;
    }
    ++accepted;
    if (kind_ == Kind::kLifecycle) {
      const GraphLifecycle what = lifecycleOf(n.lifecycleEvent);
      glog().info("[reg {}] graph lifecycle event {}", owner->registrationId,
                  forLog(n.lifecycleEvent, 64));
      if (what != GraphLifecycle::kNone) {
        Status marked = deps_.subscriptions.markLifecycle(n.subscriptionId, what);
        if (marked.code() == StatusCode::kNotFound && pendingCreate &&
            !deps_.pending.noteLifecycle(owner->clientStateHash, what)) {
          // The keeper stored the record between the lookup and now: mark it there.
          marked = deps_.subscriptions.markLifecycle(n.subscriptionId, what);
        }
        if (!marked.ok() && marked.code() != StatusCode::kNotFound) {
          reject(resp, 500, "persist_failed", "could not record the lifecycle event");
          return;
        }
        deps_.counters.lifecycle.inc();
        countForTenant(owner->tenant, "lifecycle");
        lifecycleSeen = true;
      }
      continue;
    }
    tenantOf[owner->registrationId] = owner->tenant;
    NotifyWrite& w = writes[owner->registrationId];
    w.registrationId = owner->registrationId;
    w.subscriptionId = n.subscriptionId;
    w.nowMs = now;
    if (n.changeType == "created" && !n.resourceId.empty()) {
      w.items.push_back({n.resourceId, "", n.subscriptionId, "", now});
    }
  }
  if (accepted == 0 && refused > 0) {
    reject(resp, 403, "refused", "no notification accepted");
    return;
  }
  std::vector<NotifyWrite*> all;
  for (auto& [id, w] : writes) {
    all.push_back(&w);
  }
  if (!all.empty() && !deps_.events.persist(all).ok()) {
    reject(resp, 500, "persist_failed", "could not persist the notification");
    return;
  }
  size_t items = 0, inserted = 0;
  for (const NotifyWrite* w : all) {
    items += w->items.size();
    inserted += static_cast<size_t>(w->inserted);
    const std::string& tenant = tenantOf[w->registrationId];
    countForTenant(tenant, "queued", static_cast<uint64_t>(w->inserted));
    countForTenant(tenant, "duplicate", w->items.size() - static_cast<uint64_t>(w->inserted));
  }
  deps_.counters.queued.inc(inserted);
  deps_.counters.duplicates.inc(items - inserted);
  if (lifecycleSeen && deps_.wakeKeeper) {
    deps_.wakeKeeper();
  }
  glog().debug("graph notification: {} accepted, {} refused, {} new item(s)", accepted, refused,
               inserted);
  http::send(resp, 202, "text/plain; charset=utf-8", "");
}

}  // namespace enp
