#include "enp/source/graph/graph_http_calls.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "enp/config/json_fields.h"
#include "enp/source/graph/graph_client.h"
#include "enp/source/graph/graph_failure.h"
#include "ews/date_time.h"

namespace enp {
namespace {

using End = GraphCallOutcome::End;

// Graph's timeout for validating the notification URL is 10 s; the create waits for it.
constexpr long kCallTimeoutMs = 30000;

GraphCallOutcome outcomeOf(const Failure& f) {
  GraphCallOutcome o;
  o.detail = f.detail;
  o.advice = f.advice;
  o.retryAfter = f.retryAfter;
  switch (f.kind) {
    case FailureKind::kAuth:
    case FailureKind::kNotConfigured:
      o.end = End::kAuth;
      break;
    case FailureKind::kBusy:
      o.end = End::kBusy;
      break;
    case FailureKind::kUnreachable:
      o.end = End::kUnreachable;
      break;
    case FailureKind::kNoMailbox:
      o.end = End::kNoMailbox;
      break;
    case FailureKind::kItemGone:
      o.end = End::kNotFound;
      break;
    default:
      o.end = End::kOther;
  }
  // Graph answers a failed validation of the notification URL with 400 and says so.
  if (f.detail.find("alidation") != std::string::npos && f.detail.find("HTTP 400") == 0) {
    o.end = End::kValidationFailed;
  }
  return o;
}

// A subscription answer: its id and the expiration Graph granted.
GraphCallOutcome subscriptionOf(const ews::HttpReply& reply) {
  GraphCallOutcome o;
  try {
    auto s = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
    o.subscriptionId = s->optValue<std::string>("id", "");
    const auto expires = ews::parseDateTimeMs(s->optValue<std::string>("expirationDateTime", ""));
    if (expires) {
      o.expiresAt = *expires;
      o.end = End::kOk;
      return o;
    }
  } catch (const std::exception&) {
  }
  o.end = End::kOther;
  o.detail = "Graph's answer has no expirationDateTime";
  return o;
}

GraphClient clientFor(const GraphTenant& tenant, TokenProvider& tokens,
                      const TransportFactory& transports) {
  const ews::TransportOptions options = graphTransportOptions(tenant, kCallTimeoutMs);
  return GraphClient(tenant, tokens, transports(options));
}

}  // namespace

GraphCallOutcome GraphHttpCalls::create(const GraphTenant& tenant, const Create& request) {
  Poco::JSON::Object body;
  body.set("changeType", std::string("created"));
  body.set("notificationUrl", request.notificationUrl);
  body.set("lifecycleNotificationUrl", request.lifecycleUrl);
  body.set("resource", "users/" + request.mailbox + "/mailFolders('Inbox')/messages");
  body.set("expirationDateTime", ews::formatDateTimeMs(request.expiresAt));
  body.set("clientState", request.clientState);
  body.set("latestSupportedTlsVersion", std::string("v1_2"));
  GraphClient graph = clientFor(tenant, tokens_, transports_);
  auto reply = graph.send("POST", "/v1.0/subscriptions", json::stringify(body));
  if (auto* f = std::get_if<Failure>(&reply)) {
    return outcomeOf(*f);
  }
  GraphCallOutcome o = subscriptionOf(std::get<ews::HttpReply>(reply));
  if (o.end == End::kOk && o.subscriptionId.empty()) {
    o.end = End::kOther;
    o.detail = "Graph's answer has no subscription id";
  }
  return o;
}

GraphCallOutcome GraphHttpCalls::renew(const GraphTenant& tenant, const std::string& subscriptionId,
                                       int64_t expiresAt) {
  Poco::JSON::Object body;
  body.set("expirationDateTime", ews::formatDateTimeMs(expiresAt));
  GraphClient graph = clientFor(tenant, tokens_, transports_);
  auto reply = graph.send("PATCH", "/v1.0/subscriptions/" + urlEncode(subscriptionId),
                          json::stringify(body));
  if (auto* f = std::get_if<Failure>(&reply)) {
    return outcomeOf(*f);
  }
  return subscriptionOf(std::get<ews::HttpReply>(reply));
}

GraphCallOutcome GraphHttpCalls::remove(const GraphTenant& tenant,
                                        const std::string& subscriptionId) {
  GraphClient graph = clientFor(tenant, tokens_, transports_);
  auto reply = graph.send("DELETE", "/v1.0/subscriptions/" + urlEncode(subscriptionId));
  if (auto* f = std::get_if<Failure>(&reply)) {
    GraphCallOutcome o = outcomeOf(*f);
    if (o.end == End::kNotFound) {
      o.end = End::kOk;  // Gone already.
    }
    return o;
  }
  GraphCallOutcome o;
  o.end = End::kOk;
  return o;
}

GraphSubscriptionCalls::DeltaResult GraphHttpCalls::delta(const GraphTenant& tenant,
                                                          const std::string& mailbox,
                                                          const std::string& link, int64_t sinceMs,
                                                          int maxPages) {
  // A link Graph gave is followed only under the tenant's graphUrl (it carries no secret, but
  // the request carries the token).
  std::string path;
  if (link.empty()) {
    path = "/v1.0/users/" + urlEncode(mailbox) +
           "/mailFolders('Inbox')/messages/delta?$select=id,receivedDateTime&$filter=" +
           urlEncode("receivedDateTime ge " + ews::formatDateTimeMs(sinceMs));
  } else if (link.rfind(tenant.graphUrl + "/", 0) == 0) {
    path = link.substr(tenant.graphUrl.size());
  } else {
    return DeltaFailure{Status::notFound("the saved delta link is not under graphUrl")};
  }
  GraphClient graph = clientFor(tenant, tokens_, transports_);
  DeltaRound round;
  for (int page = 0; page < std::max(1, maxPages); ++page) {
    auto reply = graph.send("GET", path);
    if (auto* f = std::get_if<Failure>(&reply)) {
      if (f->detail.rfind("HTTP 410", 0) == 0) {
        return DeltaFailure{
            Status::notFound("Graph no longer knows the delta state: " + f->detail)};
      }
      return DeltaFailure{Status::unavailable(f->detail), f->retryAfter};
    }
    std::string next;
    try {
      auto o = Poco::JSON::Parser()
                   .parse(std::get<ews::HttpReply>(reply).body)
                   .extract<Poco::JSON::Object::Ptr>();
      Poco::JSON::Array::Ptr value = o->getArray("value");
      for (size_t i = 0; value && i < value->size(); ++i) {
        Poco::JSON::Object::Ptr m = value->getObject(static_cast<unsigned>(i));
        if (!m || m->has("@removed")) {
          continue;
        }
        Found found;
        found.itemId = m->optValue<std::string>("id", "");
        found.receivedAt =
            ews::parseDateTimeMs(m->optValue<std::string>("receivedDateTime", "")).value_or(0);
        if (!found.itemId.empty()) {
          round.items.push_back(std::move(found));
        }
      }
      next = o->optValue<std::string>("@odata.nextLink", "");
      round.link = next.empty() ? o->optValue<std::string>("@odata.deltaLink", "") : next;
    } catch (const std::exception&) {
      return DeltaFailure{Status::unavailable("Graph's delta answer is not the expected JSON")};
    }
    if (next.empty()) {
      return round;
    }
    if (next.rfind(tenant.graphUrl + "/", 0) != 0) {
      return DeltaFailure{Status::unavailable("Graph's @odata.nextLink is not under graphUrl")};
    }
    path = next.substr(tenant.graphUrl.size());
  }
  return round;  // Stopped early: round.link is the next page's.
}

}  // namespace enp
