#pragma once

#include <optional>
#include <string_view>

namespace enp {

/// Where a queued event is in its life (the events table's `state` column).
enum class EventState {
  kQueued,      ///< Waiting for (another) attempt.
  kDelivered,   ///< Pushed: the sink accepted it.
  kSuppressed,  ///< The user's rules said no (outside work hours, ...).
  kDropped,     ///< Nothing to push: the mail, the mailbox or the registration is gone.
  kExpired,     ///< Older than policy.maxAgeMinutes before it could be pushed.
  kDead,        ///< Dead-lettered: the sink refused it; repeating will not help.
};

/// "queued", "delivered", "suppressed", "dropped", "expired", "dead": the stored names.
const char* toString(EventState state);
/// The stored names back; nullopt for anything else.
std::optional<EventState> parseEventState(std::string_view text);

}  // namespace enp
