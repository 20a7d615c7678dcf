#include "enp/alert/alert_plan.h"

#include <algorithm>
#include <limits>

namespace enp {

MailPlan planMail(const std::vector<BoardAlert>& open, const AlertSettings& settings,
                  int64_t nowMs) {
  MailPlan plan;
  int64_t next = std::numeric_limits<int64_t>::max();
  int64_t earliestDue = std::numeric_limits<int64_t>::max();
  std::vector<PlannedAlert> due;
  for (const BoardAlert& b : open) {
    const Alert& a = b.alert;
    const bool mailed = settings.mailEnabled() && a.severity >= settings.minSeverity;
    if (a.state == AlertState::kResolved) {
      if (!mailed || !settings.sendResolved || a.mailedAt == 0) {
        plan.settle.push_back(b.ref);
      } else {
        due.push_back({b.ref, a, MailKind::kResolved});
        earliestDue = std::min(earliestDue, a.resolvedAt);
      }
      continue;
    }
    if (!mailed) {
      continue;
    }
    if (a.mailedAt == 0) {
      due.push_back({b.ref, a, MailKind::kFiring});
      earliestDue = std::min(earliestDue, a.firstSeenAt);
    } else if (settings.repeatMinutes > 0) {
      const int64_t repeatAt = a.mailedAt + int64_t{settings.repeatMinutes} * 60000;
      if (nowMs >= repeatAt) {
        due.push_back({b.ref, a, MailKind::kRepeat});
        earliestDue = std::min(earliestDue, repeatAt);
      } else {
        next = std::min(next, repeatAt);
      }
    }
  }
  if (!due.empty()) {
    const int64_t sendAt = earliestDue + int64_t{settings.groupSeconds} * 1000;
    if (nowMs >= sendAt) {
      plan.mail = std::move(due);
    } else {
      next = std::min(next, sendAt);
    }
  }
  plan.nextAt = next == std::numeric_limits<int64_t>::max() ? 0 : next;
  return plan;
}

}  // namespace enp
