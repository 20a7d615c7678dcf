#include "enp/source/ews/ews_subscription_calls.h"

#include "ews/client.h"
#include "ews/subscription_failure.h"

namespace enp {
namespace {

ews::TransportPtr transportFor(const TransportFactory& transports, const ExchangeServer& server) {
  ews::TransportOptions options;
  options.auth = server.auth;
  options.caFile = server.caFile;
  return transports(options);
}

}  // namespace

SubscribeOutcome subscribeOutcomeOf(const ews::Error& error) {
  SubscribeOutcome o;
  o.detail = error.describe();
  switch (ews::classifySubscriptionFailure(error)) {
    case ews::SubscriptionFailure::kWatermarkUnusable:
      o.end = SubscribeEnd::kWatermarkUnusable;
      break;
    case ews::SubscriptionFailure::kServerBusy:
      o.end = SubscribeEnd::kServerBusy;
      o.backOff = std::chrono::milliseconds(error.backOffMilliseconds);
      break;
    case ews::SubscriptionFailure::kMailboxUnavailable:
      o.end = SubscribeEnd::kMailboxMoving;
      break;
    case ews::SubscriptionFailure::kAccessDenied:
      o.end = SubscribeEnd::kImpersonationDenied;
      break;
    case ews::SubscriptionFailure::kNoMailbox:
      o.end = SubscribeEnd::kMailboxMissing;
      break;
    case ews::SubscriptionFailure::kUnauthorized:
      o.end = SubscribeEnd::kUnauthorized;
      break;
    case ews::SubscriptionFailure::kBadCallbackUrl:
      o.end = SubscribeEnd::kCallbackRefused;
      break;
    case ews::SubscriptionFailure::kTransient:
      o.end = SubscribeEnd::kUnreachable;
      break;
    case ews::SubscriptionFailure::kTooManySubscriptions:
    case ews::SubscriptionFailure::kOther:
      o.end = SubscribeEnd::kOther;
      break;
  }
  return o;
}

SubscribeOutcome EwsSubscriptionCalls::subscribe(const Target& target,
                                                 const std::string& callbackUrl,
                                                 const std::string& watermark,
                                                 std::chrono::minutes statusFrequency) {
  ews::TransportPtr transport = transportFor(transports_, *target.server);
  ews::Client client(*transport, {target.server->ewsUrl, target.server->version});
  ews::SubscribeRequest request;
  request.mailbox = target.mailbox;
  request.callbackUrl = callbackUrl;
  request.statusFrequencyMinutes = static_cast<int>(statusFrequency.count());
  request.watermark = watermark;
  ews::Affinity affinity;
  affinity.backEndOverrideCookie = target.affinityCookie;
  auto answer = client.subscribe(request, &affinity);
  SubscribeOutcome o;
  if (answer.ok()) {
    o.end = SubscribeEnd::kSubscribed;
    o.subscriptionId = answer->subscriptionId;
    o.watermark = answer->watermark.empty() ? watermark : answer->watermark;
  } else {
    o = subscribeOutcomeOf(answer.error());
  }
  o.affinityCookie = affinity.backEndOverrideCookie;
  return o;
}

Result<std::vector<SubscriptionCalls::Found>> EwsSubscriptionCalls::findSince(const Target& target,
                                                                              int64_t sinceMs,
                                                                              int limit) {
  ews::TransportPtr transport = transportFor(transports_, *target.server);
  ews::Client client(*transport, {target.server->ewsUrl, target.server->version});
  ews::FindItemRequest request;
  request.mailbox = target.mailbox;
  request.receivedAfterMs = sinceMs;
  ews::Affinity affinity;
  affinity.backEndOverrideCookie = target.affinityCookie;
  auto page = client.findAllItems(request, &affinity, static_cast<size_t>(limit));
  if (!page.ok()) {
    return Status::unavailable("FindItem: " + page.error().describe());
  }
  std::vector<Found> out;
  for (const auto& item : page->items) {
    // FindItem's restriction is to the second: drop what is not after the instant asked for.
    // An item without a readable time was received after it, as Exchange filtered it.
    const int64_t received = item.receivedMs.value_or(sinceMs + 1);
    if (received > sinceMs && static_cast<int>(out.size()) < limit) {
      out.push_back({item.itemId, received});
    }
  }
  return out;
}

}  // namespace enp
