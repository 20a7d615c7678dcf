#include "enp/source/graph/graph_notify_handler.h"

#include <Poco/URI.h>

#include <map>
#include <memory>
#include <vector>

#include "enp/common/log.h"
#include "enp/common/log_text.h"
#include "enp/common/secrets.h"
#include "enp/http/body_refusal.h"
#include "enp/source/graph/graph_notification.h"

namespace enp {
namespace {

// Graph's validation tokens are short opaque strings; anything longer is not Graph's.
constexpr size_t kMaxValidationToken = 2048;
constexpr const char* kTextPlain = "text/plain; charset=utf-8";

spdlog::logger& glog() { return log::get(log::Id::kGraph); }

std::string validationToken(const std::string& target) {
  try {
    for (const auto& [name, value] : Poco::URI(target).getQueryParameters()) {
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

http::RawResponse refusal(Metrics& metrics, int status, const std::string& reason,
                          const std::string& detail) {
  metrics.counter("enp_graph_requests_refused_total{reason=\"" + reason + "\"}").inc();
  glog().warn("graph notification refused ({}): {}", status, forLog(detail));
  return http::answerOf(status, kTextPlain, detail + "\n");
}

// enp_graph_tenant_notifications_total{tenant, result} += n.
void countForTenant(Metrics& metrics, const std::string& tenant, const char* result,
                    uint64_t n = 1) {
  if (n == 0) {
    return;
  }
  metrics
      .counter("enp_graph_tenant_notifications_total{tenant=\"" + Metrics::labelValue(tenant) +
                   "\",result=\"" + result + "\"}",
               "Graph notifications by tenant (graph[].name) and result")
      .inc(n);
}

// What a notification collection is answered once its writes are over.
struct Accepted {
  size_t accepted = 0;
  size_t refused = 0;
  bool lifecycleSeen = false;
  std::map<std::string, std::string> tenantOf;  // registration id -> graph[].name
};

http::RawResponse answerPersisted(const GraphNotifyHandler::Deps& deps, const Accepted& a,
                                  const Status& persisted, const std::vector<NotifyWrite>& all) {
  if (!persisted.ok()) {
    return refusal(deps.metrics, 500, "persist_failed", "could not persist the notification");
  }
  size_t items = 0, inserted = 0;
  for (const NotifyWrite& w : all) {
    items += w.items.size();
    inserted += static_cast<size_t>(w.inserted);
    const auto tenant = a.tenantOf.find(w.registrationId);
    const std::string& name = tenant == a.tenantOf.end() ? std::string() : tenant->second;
    countForTenant(deps.metrics, name, "queued", static_cast<uint64_t>(w.inserted));
    countForTenant(deps.metrics, name, "duplicate",
                   w.items.size() - static_cast<uint64_t>(w.inserted));
  }
  deps.counters.queued.inc(inserted);
  deps.counters.duplicates.inc(items - inserted);
  if (a.lifecycleSeen && deps.wakeKeeper) {
    deps.wakeKeeper();
  }
  glog().debug("graph notification: {} accepted, {} refused, {} new item(s)", a.accepted, a.refused,
               inserted);
  return http::answerOf(202, kTextPlain, "");
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

http::RawResponse GraphNotifyHandler::reject(int status, const std::string& reason,
                                             const std::string& detail) {
  return refusal(deps_.metrics, status, reason, detail);
}

void GraphNotifyHandler::handle(http::RawRequest req, Answer answer) {
  if (req.method != "POST") {
    http::RawResponse r = reject(405, "bad_method", "method " + req.method + " not allowed");
    r.headers.emplace_back("Allow", "POST");
    answer(std::move(r));
    return;
  }
  const std::string token = validationToken(req.target);
  if (!token.empty()) {
    if (token.size() > kMaxValidationToken) {
      answer(reject(400, "bad_validation", "validationToken too long"));
      return;
    }
    deps_.counters.validations.inc();
    http::RawResponse r = http::answerOf(200, kTextPlain, token);
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    answer(std::move(r));
    return;
  }
  if (http::mediaTypeOf(req) != "application/json") {
    answer(reject(415, "bad_content_type", "expected application/json"));
    return;
  }
  // The listener read the body within its limits; what is left of one it gave up on is
  // discarded by its lingering close.
  if (const auto refused = http::bodyRefusal(req, deps_.maxBodyBytes, deps_.requestTimeout)) {
    http::RawResponse r = reject(refused->status, refused->reason, refused->detail);
    r.keepAlive = false;
    answer(std::move(r));
    return;
  }
  notify(req.body, std::move(answer));
}

void GraphNotifyHandler::notify(const std::string& body, Answer answer) {
  auto parsed = parseGraphNotifications(body);
  if (!parsed.ok()) {
    answer(reject(400, "malformed",
                  "not a Graph notification collection: " + parsed.error().message()));
    return;
  }
  const int64_t now = deps_.clock.nowMs();
  std::map<std::string, NotifyWrite> writes;  // by registration
  Accepted a;
  for (const GraphNotification& n : *parsed) {
    Result<GraphSubscriptionOwner> owner = deps_.subscriptions.owner(n.subscriptionId);
    if (!owner.ok() && owner.error().code() != StatusCode::kNotFound) {
      glog().error("graph notification: {}", owner.error().message());
      answer(reject(500, "lookup_failed", "could not look up the subscription"));
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
          answer(reject(500, "lookup_failed", "could not look up the subscription"));
          return;
        }
      }
    }
    if (!owner.ok() || owner->revoked) {
      ++a.refused;
      deps_.counters.refusedUnknown.inc();
      glog().info("graph notification for unknown or revoked subscription {}: ignored",
                  forLog(n.subscriptionId, 80));
      continue;
    }
    if (!constantTimeEquals(sha256Hex(n.clientState), owner->clientStateHash)) {
      ++a.refused;
      deps_.counters.refusedClientState.inc();
      countForTenant(deps_.metrics, owner->tenant, "refused_client_state");
      glog().warn("[reg {}] graph notification with a wrong clientState: refused",
                  owner->registrationId);
      continue;
    }
    ++a.accepted;
    if (kind_ == Kind::kLifecycle) {
      const GraphLifecycle what = lifecycleOf(n.lifecycleEvent);
      glog().info("[reg {}] graph lifecycle event {}", owner->registrationId,
                  forLog(n.lifecycleEvent, 64));
      if (what != GraphLifecycle::kNone) {
        // Rare (a few per subscription and day): written at once, on this thread.
        Status marked = deps_.subscriptions.markLifecycle(n.subscriptionId, what);
        if (marked.code() == StatusCode::kNotFound && pendingCreate &&
            !deps_.pending.noteLifecycle(owner->clientStateHash, what)) {
          // The keeper stored the record between the lookup and now: mark it there.
          marked = deps_.subscriptions.markLifecycle(n.subscriptionId, what);
        }
        if (!marked.ok() && marked.code() != StatusCode::kNotFound) {
          answer(reject(500, "persist_failed", "could not record the lifecycle event"));
          return;
        }
        deps_.counters.lifecycle.inc();
        countForTenant(deps_.metrics, owner->tenant, "lifecycle");
        a.lifecycleSeen = true;
      }
      continue;
    }
    a.tenantOf[owner->registrationId] = owner->tenant;
    NotifyWrite& w = writes[owner->registrationId];
    w.registrationId = owner->registrationId;
    w.subscriptionId = n.subscriptionId;
    w.nowMs = now;
    if (n.changeType == "created" && !n.resourceId.empty()) {
      w.items.push_back({n.resourceId, "", n.subscriptionId, "", now});
    }
  }
  if (a.accepted == 0 && a.refused > 0) {
    answer(reject(403, "refused", "no notification accepted"));
    return;
  }
  auto all = std::make_shared<std::vector<NotifyWrite>>();
  for (auto& [id, w] : writes) {
    all->push_back(std::move(w));
  }
  if (all->empty()) {
    answer(answerPersisted(deps_, a, Status(), *all));
    return;
  }
  // Answered once the commit is over: 202 only for what is durable. This handler is gone by
  // then; the answer holds what it needs.
  deps_.events.persistAsync(std::move(all),
                            [deps = deps_, a = std::move(a), answer = std::move(answer)](
                                Status status, const std::vector<NotifyWrite>& persisted) {
                              answer(answerPersisted(deps, a, status, persisted));
                            });
}

}  // namespace enp
