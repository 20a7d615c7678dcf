#include "enp/source/ews/ews_source.h"

#include "enp/http/path_token.h"
#include "enp/source/ews/ews_reader.h"

namespace enp {

EwsSource::EwsSource(const SourceDeps& deps)
    : counters_(deps.metrics),
      notify_{deps.registrations, deps.events,       deps.metrics,       counters_,
              deps.clock,         deps.maxBodyBytes, deps.requestTimeout},
      transports_(deps.transports) {}

bool EwsSource::serves(const Registration& /*registration*/) const { return true; }

MailReaderPtr EwsSource::newReader() { return std::make_unique<EwsReader>(transports_); }

Poco::Net::HTTPRequestHandler* EwsSource::callbackHandler(const std::string& path) {
  const std::string_view prefix = kEwsNotifyPath;
  if (path.compare(0, prefix.size(), prefix) != 0) {
    return nullptr;
  }
  std::string token = path.substr(prefix.size());
  if (!http::isPathToken(token)) {
    return nullptr;
  }
  return new NotifyHandler(std::move(token), notify_);
}

}  // namespace enp
