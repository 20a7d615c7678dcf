#include "enp/admin/handlers/queue_handler.h"

#include <Poco/JSON/Array.h>

#include <optional>
#include <string>
#include <vector>

namespace enp::admin {
namespace {

// The body's "ids": absent = all; otherwise whole positive numbers, at most kMaxIds.
std::optional<std::vector<int64_t>> readIds(AdminCall& call) {
  Poco::JSON::Object::Ptr body = call.jsonBody();
  if (!body) {
    return std::nullopt;  // jsonBody() answered already
  }
  std::vector<int64_t> ids;
  if (!body->has("ids")) {
    return ids;
  }
  Poco::JSON::Array::Ptr list = body->getArray("ids");
  if (!list || list->size() == 0 || list->size() > QueueHandler::kMaxIds) {
    call.sendError(400, "ids: expected a list of 1 to " + std::to_string(QueueHandler::kMaxIds) +
                            " event ids (leave it out for all)");
    return std::nullopt;
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const Poco::Dynamic::Var v = list->get(i);
    if (!v.isInteger() || v.convert<int64_t>() <= 0) {
      call.sendError(400, "ids[" + std::to_string(i) + "]: expected an event id");
      return std::nullopt;
    }
    ids.push_back(v.convert<int64_t>());
  }
  return ids;
}

}  // namespace

void QueueHandler::addRoutes(RouteTable* routes) {
  // Operators watch the queue and, once what held it up is fixed, retry and requeue.
  routes->push_back({.method = "GET",
                     .pattern = "/api/v1/admin/queue",
                     .handler = [this](AdminCall& c) { list(c); },
                     .role = Role::kOperator});
  routes->push_back({.method = "POST",
                     .pattern = "/api/v1/admin/queue/retry",
                     .mutates = true,
                     .handler = [this](AdminCall& c) { retry(c); },
                     .role = Role::kOperator});
  routes->push_back({.method = "POST",
                     .pattern = "/api/v1/admin/queue/requeue",
                     .mutates = true,
                     .handler = [this](AdminCall& c) { requeue(c); },
                     .role = Role::kOperator});
}

void QueueHandler::list(AdminCall& call) {
  const std::string stateName = call.query("state", "queued");
  if (stateName != "queued" && stateName != "dead") {
    call.sendError(400, "state: expected queued|dead, got '" + stateName.substr(0, 32) + "'");
    return;
  }
  const EventState state = stateName == "dead" ? EventState::kDead : EventState::kQueued;
  int64_t before = 0;
  if (const std::string b = call.query("before"); !b.empty()) {
    try {
      before = std::stoll(b);
    } catch (const std::exception&) {
      before = -1;
    }
    if (before <= 0) {
      call.sendError(400, "before: expected an event id");
      return;
    }
  }
  const auto entries = events_.list(state, call.queryInt("limit", 100, 1, 500), before);
  const auto count = events_.countInState(state);
  if (!entries.ok() || !count.ok()) {
    call.sendInternalError(entries.ok() ? count.error() : entries.error());
    return;
  }
  Poco::JSON::Array out;
  for (const QueueEntry& e : *entries) {
    Poco::JSON::Object o;
    o.set("id", e.id);
    o.set("registrationId", e.registrationId);
    o.set("mailbox", e.mailbox);
    o.set("itemId", e.itemId);
    o.set("attempts", e.attempts);
    o.set("createdAt", e.createdAt);
    if (state == EventState::kQueued) {
      o.set("nextAttemptAt", e.nextAttemptAt);
      if (!e.leasedBy.empty()) {  // nodes sharing a PostgreSQL database: who works on it
        o.set("leasedBy", e.leasedBy);
        o.set("leaseUntil", e.leaseUntil);
      }
    } else {
      o.set("finishedAt", e.finishedAt);
    }
    o.set("lastError", e.lastError);
    out.add(o);
  }
  Poco::JSON::Object answer;
  answer.set("state", stateName);
  answer.set("count", *count);
  answer.set("entries", out);
  call.sendJson(200, answer);
}

void QueueHandler::retry(AdminCall& call) {
  const std::optional<std::vector<int64_t>> ids = readIds(call);
  if (!ids) {
    return;
  }
  const Result<int> retried = events_.retryNow(*ids, call.nowMs());
  if (!retried.ok()) {
    call.sendInternalError(retried.error());
    return;
  }
  Poco::JSON::Object details;
  details.set("retried", *retried);
  details.set("selected", ids->empty() ? std::string("all") : std::to_string(ids->size()));
  if (!call.audit("queue.retry", "queue", details)) {
    return;
  }
  Poco::JSON::Object out;
  out.set("retried", *retried);
  call.sendJson(200, out);
}

void QueueHandler::requeue(AdminCall& call) {
  const std::optional<std::vector<int64_t>> ids = readIds(call);
  if (!ids) {
    return;
  }
  const Result<int> requeued = events_.requeueDead(*ids, call.nowMs());
  if (!requeued.ok()) {
    call.sendInternalError(requeued.error());
    return;
  }
  Poco::JSON::Object details;
  details.set("requeued", *requeued);
  details.set("selected", ids->empty() ? std::string("all") : std::to_string(ids->size()));
  if (!call.audit("queue.requeue", "queue", details)) {
    return;
  }
  Poco::JSON::Object out;
  out.set("requeued", *requeued);
  call.sendJson(200, out);
}

}  // namespace enp::admin
