#include "enp/source/graph/graph_source.h"

#include "enp/source/graph/graph_reader.h"
#include "enp/source/graph/graph_work_hours.h"

namespace enp {
namespace {

// One connection per read: reads are rare (a mailbox a day) and come from one thread.
MailboxHoursKeeper::Deps hoursDeps(const SourceDeps& deps, TokenProvider& tokens) {
  TransportFactory transports = deps.transports;
  const rules::ZoneDb& zones = deps.zones;
  auto read = [transports, &tokens, &zones](const Settings& settings, const std::string& mailbox,
                                            const std::string&) -> MailboxHoursRead {
    const GraphTenant* tenant = settings.graphFor(mailbox);
    if (tenant == nullptr) {
      return Status::unavailable("no graph tenant lists " + mailbox.substr(mailbox.find('@') + 1));
    }
    const ews::TransportOptions options = graphTransportOptions(*tenant, 30000);
    GraphClient graph(*tenant, tokens, transports(options));
    auto reply =
        graph.send("GET", "/v1.0/users/" + urlEncode(mailbox) + "/mailboxSettings/workingHours");
    if (const Failure* f = std::get_if<Failure>(&reply)) {
      if (f->kind == FailureKind::kAuth && f->detail.rfind("HTTP 403", 0) == 0) {
        return Status::unavailable(f->detail +
                                   " (grant the app the application permission "
                                   "MailboxSettings.Read with admin consent)");
      }
      return Status::unavailable(f->advice.empty() ? f->detail
                                                   : f->detail + " (" + f->advice + ")");
    }
    return parseGraphWorkingHours(std::get<ews::HttpReply>(reply).body, zones);
  };
  return {deps.mailboxHours,
          deps.metrics,
          deps.clock,
          deps.settings,
          [shares = deps.shares](const Settings& settings, const std::string& mailbox) {
            return settings.graphFor(mailbox) != nullptr &&
                   (shares == nullptr || shares->owns(mailbox));  // else another node's
          },
          read,
          log::Id::kGraph};
}

}  // namespace

GraphSource::GraphSource(const SourceDeps& deps)
    : settings_(deps.settings),
      transports_(deps.transports),
      tokens_(deps.graphTokens),
      calls_(deps.transports, tokens_),
      keeper_({deps.graphSubscriptions, deps.events, deps.metrics, deps.clock, calls_,
               deps.settings, deps.baseUrl, deps.alert, pending_, deps.shares},
              GraphSubscriptionKeeper::Options{}),
      hoursKeeper_(hoursDeps(deps, deps.graphTokens), MailboxHoursKeeper::Options{}),
      counters_(deps.metrics),
      notify_{deps.graphSubscriptions,
              deps.events,
              deps.metrics,
              counters_,
              deps.clock,
              deps.maxBodyBytes,
              deps.requestTimeout,
              [this] { keeper_.wake(); },
              pending_} {}

bool GraphSource::serves(const Registration& registration) const {
  return settings_()->graphFor(registration.mailbox) != nullptr;
}

MailReaderPtr GraphSource::newReader() {
  return std::make_unique<GraphReader>(transports_, tokens_);
}

std::unique_ptr<http::AsyncHandler> GraphSource::asyncCallbackHandler(const std::string& path) {
  if (path == kGraphNotificationsPath) {
    return std::make_unique<GraphNotifyHandler>(GraphNotifyHandler::Kind::kNotifications, notify_);
  }
  if (path == kGraphLifecyclePath) {
    return std::make_unique<GraphNotifyHandler>(GraphNotifyHandler::Kind::kLifecycle, notify_);
  }
  return nullptr;
}

void GraphSource::start() {
  keeper_.start();
  hoursKeeper_.start();
}

void GraphSource::stop() {
  hoursKeeper_.stop();
  keeper_.stop();
}

}  // namespace enp
