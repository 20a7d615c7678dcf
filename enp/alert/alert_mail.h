#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "enp/alert/alert_plan.h"
#include "enp/alert/mime_message.h"
#include "enp/config/alert_settings.h"

namespace enp {

/// Where the mail says it comes from and where to look.
struct MailContext {
  std::string hostName;    ///< This machine, named in the mail and its Message-ID.
  std::string consoleUrl;  ///< The console's alert page ("https://127.0.0.1:8443/#/alerts").
  int64_t nowMs = 0;
};

/// One mail for the alerts of a plan (at least one). The subject names the most severe
/// ("[ENP critical] Exchange mail1: impersonation denied", "... (+2 more)", "[ENP resolved]
/// CNS: notifications refused"); the plain-text body says for each what happened, since when,
/// how often and what to do, and links to the console. Only the alerts' own texts go in: no
/// secret, no mail content.
MailMessage alertMail(const std::vector<PlannedAlert>& alerts, const AlertSettings& settings,
                      const MailContext& context);

/// "2026-11-30 12:00:00 UTC"
std::string utcTime(int64_t ms);

}  // namespace enp
