#include "enp/source/graph/graph_source.h"

#include "enp/source/graph/graph_reader.h"

namespace enp {

GraphSource::GraphSource(const SourceDeps& deps)
    : settings_(deps.settings),
      transports_(deps.transports),
      tokens_(deps.graphTokens),
      calls_(deps.transports, tokens_),
      keeper_({deps.graphSubscriptions, deps.events, deps.metrics, deps.clock, calls_,
               deps.settings, deps.baseUrl, deps.alert, pending_},
              GraphSubscriptionKeeper::Options{}),
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

Poco::Net::HTTPRequestHandler* GraphSource::callbackHandler(const std::string& path) {
  if (path == kGraphNotificationsPath) {
    return new GraphNotifyHandler(GraphNotifyHandler::Kind::kNotifications, notify_);
  }
  if (path == kGraphLifecyclePath) {
    return new GraphNotifyHandler(GraphNotifyHandler::Kind::kLifecycle, notify_);
  }
  return nullptr;
}

void GraphSource::start() { keeper_.start(); }

void GraphSource::stop() { keeper_.stop(); }

}  // namespace enp
