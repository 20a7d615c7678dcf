#include "enp/alert/test_mail.h"

#include <unistd.h>

#include "enp/alert/mime_message.h"

namespace enp {

std::string mailHostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') {
    return "enp";
  }
  return name;
}

Status sendTestMail(Mailer& mailer, const AlertSettings& settings,
                    const std::vector<std::string>& to, int64_t nowMs,
                    const std::string& consoleUrl) {
  const std::vector<std::string>& recipients = to.empty() ? settings.recipients : to;
  if (recipients.empty()) {
    return Status::invalid("alerts.recipients: none (add one, or name an address to test)");
  }
  if (settings.smtp.host.empty()) {
    return Status::invalid("alerts.smtp.host: not set");
  }
  if (settings.smtp.from.empty()) {
    return Status::invalid("alerts.smtp.from: not set");
  }
  MailMessage m;
  m.from = settings.smtp.from;
  m.to = recipients;
  m.subject = "[ENP] Test mail";
  m.dateMs = nowMs;
  m.messageIdDomain = mailHostName();
  m.body = "This is a test mail from ENP (Email+ Notification Proxy) on " + m.messageIdDomain +
           ".\n\nAlert mail reaches you: when ENP raises an alert (Exchange or CNS failing, "
           "the queue backing up, a certificate expiring), you get a mail like this one, and "
           "another when the problem is resolved.\n\nConsole: " +
           consoleUrl + "\n";
  return mailer.send(settings.smtp, {m.from, m.to, renderMessage(m)});
}

}  // namespace enp
