#include "enp/source/imap/uid_watermark.h"

namespace enp::imap {

MarkPlan planFromMark(const std::optional<FolderMark>& stored, const MailboxState& folder) {
  MarkPlan plan;
  const uint32_t baseline = folder.uidNext > 0 ? folder.uidNext - 1 : 0;
  if (!stored || stored->uidValidity != folder.uidValidity) {
    // First sight, or the folder was rebuilt: what is there now is not new.
    plan.mark = FolderMark{folder.uidValidity, baseline};
    plan.rebaselined = true;
    return plan;
  }
  plan.mark = *stored;
  if (folder.uidNext == 0 || baseline > stored->lastUid) {
    plan.fetchAfter = stored->lastUid;
  }
  return plan;
}

}  // namespace enp::imap
