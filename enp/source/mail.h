#pragma once

#include <string>

namespace enp {

/// One new mail as a source read it: what the rules, the decision and the payload need, and
/// nothing else. Every source (EWS today; IMAP, Graph later) fills the same fields.
struct Mail {
  std::string itemId;         ///< The source's id of the mail (never sent to CNS).
  std::string senderName;     ///< Display name; may be empty.
  std::string senderAddress;  ///< SMTP address (also for internal senders); may be empty.
  std::string subject;
  std::string snippetSource;  ///< Preview or body text as the mail system gave it; may be HTML.
  std::string received;       ///< RFC 3339; may be empty.
  std::string importance;     ///< "Low" | "Normal" | "High" | "".
  std::string itemClass;      ///< e.g. "IPM.Note", "IPM.Schedule.Meeting.Request"; may be empty.
  bool meeting = false;       ///< A meeting request: notified as such.
};

}  // namespace enp
