#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "enp/cluster/share_book.h"
#include "enp/common/clock.h"
#include "enp/common/metrics.h"
#include "enp/http/transport_factory.h"
#include "enp/source/graph/token_provider.h"
#include "enp/source/source.h"
#include "enp/store/event_store.h"
#include "enp/store/graph_subscription_store.h"
#include "enp/store/mailbox_hours_store.h"
#include "enp/store/registration_store.h"
#include "enp/store/subscription_store.h"
#include "rules/zones.h"

namespace enp {

struct MailboxSourceDeps;  // enp/source/watch/imap_source.h

/// How fast the sources that keep subscriptions may go (bootstrap [subscriptions]).
struct SubscriptionTuning {
  double ratePerServer = 20;
  int concurrency = 8;
  std::chrono::milliseconds minute{60000};
};

/// What the sources are built from: the stores their callbacks write to, and the daemon's
/// services. Everything must outlive the sources.
struct SourceDeps {
  RegistrationStore& registrations;
  EventStore& events;
  Metrics& metrics;
  const Clock& clock;
  TransportFactory transports;
  size_t maxBodyBytes;                       ///< Largest callback body accepted.
  std::chrono::milliseconds requestTimeout;  ///< A callback's whole body must arrive within it.
  SubscriptionStore& subscriptions;
  /// The settings now (never null).
  std::function<std::shared_ptr<const Settings>()> settings;
  std::string baseUrl;      ///< Public base URL of callbacks (bootstrap base_url).
  std::string callbackKey;  ///< DataKey::derive("callback-tokens").
  /// Raises (non-empty message) or resolves (empty) an alert for the administrator.
  std::function<void(const std::string& key, const std::string& message)> alert;
  SubscriptionTuning tuning;
  MailboxHoursStore& mailboxHours;  ///< Working hours read from mailboxes.
  const rules::ZoneDb& zones;
  GraphSubscriptionStore& graphSubscriptions;  ///< Graph mailboxes' subscriptions.
  TokenProvider& graphTokens;  ///< Graph access tokens (shared with the console's dashboard).
  /// IMAP mailboxes watched by ENP; null: no IMAP source (tests of the other sources).
  const MailboxSourceDeps* mailboxes = nullptr;
  /// The shares this node holds (several nodes on one PostgreSQL database): a keeper or watcher
  /// works only on the registrations (mailboxes, for working hours) of this node's shares. Null:
  /// every one (one node).
  const cluster::ShareBook* shares = nullptr;
};

/// Every mail system ENP serves: the one place a new source is registered (its folder under
/// enp/source/, a line here, its tests). A registration's mail is read by the first source that
/// serves it.
std::vector<SourcePtr> makeSources(const SourceDeps& deps);

}  // namespace enp
