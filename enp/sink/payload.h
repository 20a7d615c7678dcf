#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "Poco/JSON/Object.h"

namespace enp {

/// The administrator's cap on what leaves the building (settings "policy.privacy", DESIGN §5.3).
enum class Privacy { kFull, kNoSnippet, kSenderOnly, kNone };

/// "full", "no-snippet", "sender-only", "none".
const char* toString(Privacy privacy);
/// Parses the names toString() gives (exact, lower case); false and *out untouched otherwise.
bool parsePrivacy(std::string_view text, Privacy* out);

/// Settings "policy": privacy cap and snippet length.
struct PrivacyPolicy {
  Privacy privacy = Privacy::kFull;
  size_t snippetLength = 140;  ///< Unicode code points, ellipsis included; 0 = empty snippet.
};

/// What the pipeline knows about one new mail, as read from EWS.
struct PushMail {
  std::string itemId;
  std::string folderId;
  std::string fromName;
  std::string fromAddress;
  std::string subject;
  std::string snippetSource;  ///< Raw preview or body text; may be HTML (see makeSnippet()).
  std::string received;       ///< RFC 3339, passed through as given.
  std::string importance;     ///< "Low" | "Normal" | "High", passed through as given.
  bool meeting = false;       ///< A meeting request: kind "meeting" instead of "mail".
};

/// Longest subject and display name sent, in code points (Exchange's own subject limit is 255).
inline constexpr size_t kMaxSubjectChars = 255;
inline constexpr size_t kMaxNameChars = 255;
/// RFC 5321 path limit.
inline constexpr size_t kMaxAddressChars = 320;

/// Builds the "notification" claim of DESIGN §4.5. The detail level (the user's "detailed") and
/// the privacy cap combine as follows; "kind" is always "meeting" when mail.meeting, else "mail":
///
///   detailed && kFull       {"kind","from":{"name","address"},"subject","snippet","received",
///                            "importance","folderId"}
///   detailed && kNoSnippet  as kFull without "snippet"
///   detailed && kSenderOnly as kFull without "subject" and "snippet": the sender and the mail's
///                           metadata (received, importance, folderId) but no mail content
///   detailed && kNone       {"kind","count"}   (generic)
///   !detailed (any cap)     {"kind","count"}   (generic)
///
/// Every field the level allows is present, as "" when unknown, so receivers see a stable shape.
/// Text is cleaned: the snippet with makeSnippet(snippetSource, policy.snippetLength); subject,
/// name and address with makeCleanLine() to the limits above (valid UTF-8, one line); received,
/// importance and folderId (ASCII from EWS) are passed through. itemId is never sent. count is
/// clamped to at least 1. Keys keep the order shown. Pure; thread-safe.
Poco::JSON::Object::Ptr buildNotificationClaim(const PushMail& mail, bool detailed,
                                               const PrivacyPolicy& policy, int count = 1);

}  // namespace enp
