#pragma once

#include <memory>
#include <string>

#include "enp/source/graph/graph_http_calls.h"
#include "enp/source/graph/graph_notify_handler.h"
#include "enp/source/graph/graph_subscription_keeper.h"
#include "enp/source/graph/token_provider.h"
#include "enp/source/hours/mailbox_hours_keeper.h"
#include "enp/source/source.h"
#include "enp/source/sources.h"

namespace enp {

/// Exchange Online through Microsoft Graph change notifications (settings graph[]): ENP
/// subscribes each registration of a mailbox whose domain a tenant lists
/// (GraphSubscriptionKeeper), Graph POSTs to /graph/notifications and /graph/lifecycle
/// (GraphNotifyHandler), and a worker reads each queued message with one GET (GraphReader),
/// all with the tenant's app-only token (TokenProvider). A registration with workHoursFrom
/// "mailbox" gets the working hours of the mailbox's settings (MailboxHoursKeeper).
class GraphSource : public Source {
 public:
  explicit GraphSource(const SourceDeps& deps);

  std::string_view name() const override { return "graph"; }
  /// A registration whose mailbox domain a graph tenant lists.
  bool serves(const Registration& registration) const override;
  MailReaderPtr newReader() override;
  /// GraphNotifyHandler for /graph/notifications and /graph/lifecycle.
  std::unique_ptr<http::AsyncHandler> asyncCallbackHandler(const std::string& path) override;
  void start() override;
  void stop() override;

 private:
  const std::function<std::shared_ptr<const Settings>()> settings_;
  const TransportFactory transports_;
  TokenProvider& tokens_;
  GraphHttpCalls calls_;
  PendingCreates pending_;
  GraphSubscriptionKeeper keeper_;
  MailboxHoursKeeper hoursKeeper_;  ///< workHoursFrom "mailbox": mailboxSettings/workingHours.
  const GraphNotifyHandler::Counters counters_;
  const GraphNotifyHandler::Deps notify_;
};

}  // namespace enp
