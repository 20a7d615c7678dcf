#include "enp/pipeline/worker_context.h"

namespace enp {

void WorkerContext::update(const std::shared_ptr<const Settings>& settings) {
  if (settings == settings_) {
    return;
  }
  settings_ = settings;
  ews_.clear();
  sink_.reset();
  signer_.reset();
  cnsTransport_.reset();
  cnsError_.clear();
  CnsConfig config;
  if (!toCnsConfig(settings->cns, &config, &cnsError_)) {
    return;
  }
  signer_ = CnsSigner::create(config, &cnsError_);
  if (!signer_) {
    return;
  }
  cnsTransport_ = factory_(ews::TransportOptions{});
  sink_ = std::make_unique<CnsSink>(*cnsTransport_, *signer_, config.url, config.token);
}

ews::Client& WorkerContext::ews(const ExchangeServer& server) {
  auto it = ews_.find(server.name);
  if (it == ews_.end()) {
    ews::TransportOptions options;
    options.auth = server.auth;
    options.caFile = server.caFile;
    Ews e;
    e.transport = factory_(options);
    e.client = std::make_unique<ews::Client>(*e.transport,
                                             ews::ClientConfig{server.ewsUrl, server.version});
    it = ews_.emplace(server.name, std::move(e)).first;
  }
  return *it->second.client;
}

CnsSink* WorkerContext::cns(std::string* error) {
  if (!sink_) {
    *error = cnsError_.empty() ? "cns: not configured" : cnsError_;
  }
  return sink_.get();
}

}  // namespace enp
