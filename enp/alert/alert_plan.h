#pragma once

#include <cstdint>
#include <vector>

#include "enp/alert/alert_board.h"
#include "enp/config/alert_settings.h"

namespace enp {

/// Why an alert is in a mail.
enum class MailKind {
  kFiring,    ///< First report of this episode (or it got worse).
  kRepeat,    ///< Still firing, repeatMinutes after the last report.
  kResolved,  ///< It cleared after it was reported.
};

struct PlannedAlert {
  uint64_t ref = 0;
  Alert alert;
  MailKind kind = MailKind::kFiring;
};

/// What the notifier does now.
struct MailPlan {
  std::vector<PlannedAlert> mail;  ///< Send these in one mail now (empty: nothing now).
  std::vector<uint64_t> settle;    ///< Resolved episodes that need no mail.
  int64_t nextAt = 0;              ///< ms; when the plan changes without news (0 = never).
};

/// The pure mail schedule (DESIGN §6.8: grouped, repeated, resolved), from the open alerts and
/// the settings at `nowMs`:
///   - an alert is mailed when mail is enabled and its severity is at least minSeverity;
///   - it is due when it first fires, repeatMinutes after its last report while it still fires
///     (0 = never), and once when it resolves after it was reported (if sendResolved);
///   - due items wait until groupSeconds after the earliest of them became due, then all go
///     out in one mail: alerts firing within the window share a mail;
///   - an episode that resolves before it was reported, or while its mail is off, is settled
///     without a mail.
MailPlan planMail(const std::vector<BoardAlert>& open, const AlertSettings& settings,
                  int64_t nowMs);

}  // namespace enp
