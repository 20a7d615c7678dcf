#pragma once

#include <cstdint>
#include <optional>

#include "enp/source/imap/imap_message.h"

namespace enp::imap {

/// What ENP remembers of a watched folder: new mail is a UID above lastUid, valid while the
/// folder keeps its UIDVALIDITY (RFC 3501 §2.3.1.1).
struct FolderMark {
  uint32_t uidValidity = 0;
  uint32_t lastUid = 0;

  bool operator==(const FolderMark&) const = default;
};

/// The plan after examining a folder.
struct MarkPlan {
  /// Fetch mails with a UID above this (fetchNewSince); nullopt = nothing to fetch now.
  std::optional<uint32_t> fetchAfter;
  /// The mark to keep until a fetch moves it.
  FolderMark mark;
  /// True when the stored mark was replaced without notifying: the first connection, or a
  /// changed UIDVALIDITY (the folder was rebuilt; its old UIDs mean nothing now).
  bool rebaselined = false;
};

/// Reconciles a stored mark with the examined folder. Pure function.
MarkPlan planFromMark(const std::optional<FolderMark>& stored, const MailboxState& folder);

}  // namespace enp::imap
