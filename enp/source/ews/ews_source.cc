#include "enp/source/ews/ews_source.h"

#include "enp/common/log.h"
#include "enp/common/secrets.h"
#include "enp/http/path_token.h"
#include "enp/source/ews/callback_token.h"
#include "enp/source/ews/ews_reader.h"
#include "enp/source/ews/exchange_work_hours.h"
#include "ews/client.h"

namespace enp {

namespace {

SubscriptionKeeper::Deps keeperDeps(const SourceDeps& deps, SubscriptionBook& book,
                                    SubscriptionCalls& calls) {
  RegistrationStore& registrations = deps.registrations;
  std::string base = deps.baseUrl + kEwsNotifyPath;
  std::string key = deps.callbackKey;
  // The callback URL ENP subscribes with; its token replaces the one handed to the app, whose
  // own subscriptions are then answered Unsubscribe.
  auto callbackUrl = [&registrations, base, key](const std::string& registrationId) {
    const std::string token = ewsCallbackToken(key, registrationId);
    const Status replaced = registrations.replaceCallbackHash(registrationId, sha256Hex(token));
    if (!replaced.ok()) {
      log::get(log::Id::kEws).error("[reg {}] {}", registrationId, replaced.toString());
    }
    return base + token;
  };
  return {deps.subscriptions, deps.events, deps.metrics, deps.clock, calls,
          deps.settings,      callbackUrl, deps.alert,   &book,      deps.shares};
}

SubscriptionKeeper::Options keeperOptions(const SubscriptionTuning& tuning) {
  SubscriptionKeeper::Options o;
  o.ratePerServer = tuning.ratePerServer;
  o.concurrency = tuning.concurrency;
  o.minute = tuning.minute;
  // Half a minute for Exchange's timers and a callback in flight, and the second to which a
  // callback's "last seen" is stored.
  o.grace = tuning.minute / 2 + std::chrono::seconds(1);
  return o;
}

MailboxHoursKeeper::Deps hoursDeps(const SourceDeps& deps) {
  TransportFactory transports = deps.transports;
  const Clock& clock = deps.clock;
  // One connection per read: reads are rare (a mailbox a day) and come from one thread.
  auto read = [transports, &clock](const ExchangeServer& server,
                                   const std::string& mailbox) -> WorkingHoursRead {
    ews::TransportOptions options;
    options.auth = server.auth;
    options.caFile = server.caFile;
    ews::TransportPtr transport = transports(options);
    ews::Client client(*transport, {server.ewsUrl, server.version});
    ews::AvailabilityRequest request;
    request.mailbox = mailbox;
    request.windowStartMs = clock.nowMs();
    request.windowEndMs = request.windowStartMs + 86'400'000;
    ews::Affinity affinity;
    auto hours = client.getWorkingHours(request, &affinity);
    if (!hours.ok()) {
      return Status::unavailable(hours.error().describe());
    }
    return std::move(*hours);
  };
  return {deps.mailboxHours,
          deps.metrics,
          deps.clock,
          deps.settings,
          [shares = deps.shares](const Settings& settings, const std::string& mailbox) {
            // Graph's are read through Graph; another node's share by that node.
            return settings.graphFor(mailbox) == nullptr &&
                   (shares == nullptr || shares->owns(mailbox));
          },
          ewsHoursRead(read, deps.zones, deps.clock),
          log::Id::kEws};
}

}  // namespace

EwsSource::EwsSource(const SourceDeps& deps)
    : counters_(deps.metrics),
      book_(deps.subscriptions),
      notify_{deps.registrations, deps.events,       deps.metrics,
              counters_,          deps.clock,        book_,
              deps.subscriptions, deps.maxBodyBytes, deps.requestTimeout},
      transports_(deps.transports),
      calls_(deps.transports),
      keeper_(keeperDeps(deps, book_, calls_), keeperOptions(deps.tuning)),
      hoursKeeper_(hoursDeps(deps), MailboxHoursKeeper::Options{}),
      settings_(deps.settings) {}

void EwsSource::start() {
  keeper_.start();
  hoursKeeper_.start();
}

void EwsSource::stop() {
  hoursKeeper_.stop();
  keeper_.stop();
}

bool EwsSource::serves(const Registration& registration) const {
  return settings_()->graphFor(registration.mailbox) == nullptr;
}

MailReaderPtr EwsSource::newReader() { return std::make_unique<EwsReader>(transports_); }

std::unique_ptr<http::AsyncHandler> EwsSource::asyncCallbackHandler(const std::string& path) {
  const std::string_view prefix = kEwsNotifyPath;
  if (path.compare(0, prefix.size(), prefix) != 0) {
    return nullptr;
  }
  std::string token = path.substr(prefix.size());
  if (!http::isPathToken(token)) {
    return nullptr;
  }
  return std::make_unique<NotifyHandler>(std::move(token), notify_);
}

}  // namespace enp
