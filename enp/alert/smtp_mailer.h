#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/config/alert_settings.h"

namespace enp {

/// One message on its way: the envelope and the rendered RFC 5322 text (mime_message.h).
struct OutgoingMail {
  std::string from;
  std::vector<std::string> to;
  std::string data;
};

/// Sends mail. Status messages say in plain words what went wrong, starting with the SMTP
/// reply code when there was one ("535 authentication failed: ..."); never a secret.
class Mailer {
 public:
  virtual ~Mailer() = default;
  virtual Status send(const SmtpSettings& smtp, const OutgoingMail& mail) = 0;
  /// Ends a send() in progress on another thread soon (shutdown); later sends fail at once.
  virtual void cancel() {}
};
using MailerPtr = std::unique_ptr<Mailer>;

struct SmtpTimeouts {
  std::chrono::milliseconds connect{std::chrono::seconds(15)};
  std::chrono::milliseconds total{std::chrono::seconds(60)};  ///< The whole conversation.
};

/// SMTP through libcurl (why libcurl: README, "Alert mail"). Security:
///   starttls  smtp://, STARTTLS required (CURLUSESSL_ALL): a server that does not offer it is
///             an error before anything else is sent, credentials included;
///   tls       smtps://, TLS from the first byte;
///   none      smtp:// without TLS, refused when credentials are set.
/// Certificates and host names are always verified (the system store, or caFile).
/// Blocks for up to the timeouts: call it from the notifier's thread, never the pipeline's.
/// A new connection per send (alert mail is rare). Thread-compatible: one per thread.
class SmtpMailer : public Mailer {
 public:
  explicit SmtpMailer(SmtpTimeouts timeouts = {}) : timeouts_(timeouts) {}
  Status send(const SmtpSettings& smtp, const OutgoingMail& mail) override;
  void cancel() override { cancelled_.store(true); }

 private:
  const SmtpTimeouts timeouts_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace enp
