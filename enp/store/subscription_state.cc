#include "enp/store/subscription_state.h"

#include <array>
#include <utility>

namespace enp {
namespace {

constexpr std::array<std::pair<SubscriptionState, std::string_view>, 7> kNames = {{
    {SubscriptionState::kAppManaged, "app-managed"},
    {SubscriptionState::kPending, "pending"},
    {SubscriptionState::kActive, "active"},
    {SubscriptionState::kStale, "stale"},
    {SubscriptionState::kResubscribing, "resubscribing"},
    {SubscriptionState::kFailing, "failing"},
    {SubscriptionState::kMailboxMissing, "mailbox-missing"},
}};

}  // namespace

const char* toString(SubscriptionState state) {
  for (const auto& [s, name] : kNames) {
    if (s == state) {
      return name.data();
    }
  }
  return "unknown";
}

std::optional<SubscriptionState> parseSubscriptionState(std::string_view text) {
  for (const auto& [s, name] : kNames) {
    if (name == text) {
      return s;
    }
  }
  return std::nullopt;
}

}  // namespace enp
