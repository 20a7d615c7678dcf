#include "enp/sink/payload.h"

#include <algorithm>

#include "Poco/JSONString.h"
#include "enp/sink/snippet.h"

namespace enp {
namespace {

struct PrivacyName {
  Privacy privacy;
  std::string_view name;
};

constexpr PrivacyName kPrivacyNames[] = {
    {Privacy::kFull, "full"},
    {Privacy::kNoSnippet, "no-snippet"},
    {Privacy::kSenderOnly, "sender-only"},
    {Privacy::kNone, "none"},
};

Poco::JSON::Object::Ptr newObject() {
  return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

}  // namespace

const char* toString(Privacy privacy) {
  for (const PrivacyName& entry : kPrivacyNames) {
    if (entry.privacy == privacy) {
      return entry.name.data();
    }
  }
  return "none";
}

bool parsePrivacy(std::string_view text, Privacy* out) {
  for (const PrivacyName& entry : kPrivacyNames) {
    if (entry.name == text) {
      *out = entry.privacy;
      return true;
    }
  }
  return false;
}

Poco::JSON::Object::Ptr buildNotificationClaim(const PushMail& mail, bool detailed,
                                               const PrivacyPolicy& policy, int count) {
  Poco::JSON::Object::Ptr claim = newObject();
  claim->set("kind", std::string(mail.meeting ? "meeting" : "mail"));
  if (!detailed || policy.privacy == Privacy::kNone) {
    claim->set("count", std::max(count, 1));
    return claim;
  }
  Poco::JSON::Object::Ptr from = newObject();
  from->set("name", makeCleanLine(mail.fromName, kMaxNameChars));
  from->set("address", makeCleanLine(mail.fromAddress, kMaxAddressChars));
  claim->set("from", from);
  if (policy.privacy != Privacy::kSenderOnly) {
    claim->set("subject", makeCleanLine(mail.subject, kMaxSubjectChars));
  }
  if (policy.privacy == Privacy::kFull) {
    claim->set("snippet", makeSnippet(mail.snippetSource, policy.snippetLength));
  }
  claim->set("received", mail.received);
  claim->set("importance", mail.importance);
  claim->set("folderId", mail.folderId);
  return claim;
}

}  // namespace enp
