#include "enp/store/event_state.h"

#include <array>
#include <utility>

namespace enp {
namespace {

constexpr std::array<std::pair<EventState, std::string_view>, 6> kNames = {{
    {EventState::kQueued, "queued"},
    {EventState::kDelivered, "delivered"},
    {EventState::kSuppressed, "suppressed"},
    {EventState::kDropped, "dropped"},
    {EventState::kExpired, "expired"},
    {EventState::kDead, "dead"},
}};

}  // namespace

const char* toString(EventState state) {
  for (const auto& [s, name] : kNames) {
    if (s == state) {
      return name.data();
    }
  }
  return "unknown";
}

std::optional<EventState> parseEventState(std::string_view text) {
  for (const auto& [s, name] : kNames) {
    if (name == text) {
      return s;
    }
  }
  return std::nullopt;
}

}  // namespace enp
