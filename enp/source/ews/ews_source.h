#pragma once

#include <memory>
#include <string>

#include "enp/source/ews/ews_subscription_calls.h"
#include "enp/source/ews/notify_handler.h"
#include "enp/source/ews/subscription_book.h"
#include "enp/source/ews/subscription_keeper.h"
#include "enp/source/hours/mailbox_hours_keeper.h"
#include "enp/source/source.h"
#include "enp/source/sources.h"

namespace enp {

/// On-premises Exchange through EWS push subscriptions (DESIGN §3): Exchange POSTs
/// SendNotification to /ews/notify/{token} (NotifyHandler), and a worker reads the queued
/// items' sender, subject and preview with one impersonated GetItem per registration batch.
class EwsSource : public Source {
 public:
  explicit EwsSource(const SourceDeps& deps);

  std::string_view name() const override { return "ews"; }
  /// Every registration that no other mail system serves (a graph tenant's domain) is an
  /// Exchange mailbox.
  bool serves(const Registration& registration) const override;
  MailReaderPtr newReader() override;
  /// NotifyHandler for /ews/notify/{token} (token: 1-128 of [A-Za-z0-9_-]).
  std::unique_ptr<http::AsyncHandler> asyncCallbackHandler(const std::string& path) override;
  /// Starts and stops the subscription keeper (servers with subscriptions: "enp") and the
  /// reader of mailboxes' working hours (registrations with workHoursFrom "mailbox").
  void start() override;
  void stop() override;

 private:
  const NotifyHandler::Counters counters_;  // before notify_, which refers to it
  SubscriptionBook book_;
  const NotifyHandler::Deps notify_;
  const TransportFactory transports_;
  EwsSubscriptionCalls calls_;
  SubscriptionKeeper keeper_;
  MailboxHoursKeeper hoursKeeper_;
  const std::function<std::shared_ptr<const Settings>()> settings_;
};

/// The prefix of EWS callback URLs: <base_url>/ews/notify/<token>.
inline constexpr const char* kEwsNotifyPath = "/ews/notify/";

}  // namespace enp
