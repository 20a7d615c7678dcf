#include "enp/store/graph_subscription_record.h"

#include <array>
#include <utility>

namespace enp {
namespace {

constexpr std::array<std::pair<GraphSubscriptionState, std::string_view>, 6> kStates = {{
    {GraphSubscriptionState::kPending, "pending"},
    {GraphSubscriptionState::kActive, "active"},
    {GraphSubscriptionState::kRenewing, "renewing"},
    {GraphSubscriptionState::kFailing, "failing"},
    {GraphSubscriptionState::kMailboxMissing, "mailbox-missing"},
    {GraphSubscriptionState::kDeleted, "deleted"},
}};

constexpr std::array<std::pair<GraphLifecycle, std::string_view>, 4> kLifecycles = {{
    {GraphLifecycle::kNone, ""},
    {GraphLifecycle::kReauthorize, "reauthorize"},
    {GraphLifecycle::kRecreate, "recreate"},
    {GraphLifecycle::kCatchUp, "catch-up"},
}};

}  // namespace

const char* toString(GraphSubscriptionState state) {
  for (const auto& [s, name] : kStates) {
    if (s == state) {
      return name.data();
    }
  }
  return "unknown";
}

std::optional<GraphSubscriptionState> parseGraphSubscriptionState(std::string_view text) {
  for (const auto& [s, name] : kStates) {
    if (name == text) {
      return s;
    }
  }
  return std::nullopt;
}

const char* toString(GraphLifecycle lifecycle) {
  for (const auto& [l, name] : kLifecycles) {
    if (l == lifecycle) {
      return name.data();
    }
  }
  return "";
}

GraphLifecycle parseGraphLifecycle(std::string_view text) {
  for (const auto& [l, name] : kLifecycles) {
    if (name == text) {
      return l;
    }
  }
  return GraphLifecycle::kNone;
}

}  // namespace enp
