#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "enp/alert/smtp_mailer.h"
#include "enp/common/status.h"
#include "enp/config/alert_settings.h"

namespace enp {

/// `enp alerts test` and the console's "Send test mail": one short mail through the alert
/// settings' SMTP server to `to` (the configured recipients when empty). The Status says in
/// plain words how the SMTP conversation ended (smtp_mailer.h).
Status sendTestMail(Mailer& mailer, const AlertSettings& settings,
                    const std::vector<std::string>& to, int64_t nowMs,
                    const std::string& consoleUrl);

/// The machine's host name (the Message-ID's domain and the mail's "sent by").
std::string mailHostName();

}  // namespace enp
