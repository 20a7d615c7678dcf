#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "enp/config/settings.h"
#include "enp/http/transport_factory.h"
#include "enp/sink/cns/cns_config.h"
#include "enp/sink/cns/cns_signer.h"
#include "enp/sink/cns/cns_sink.h"
#include "ews/client.h"
#include "ews/transport.h"

namespace enp {

/// One worker's connections and signer, rebuilt when the settings change. Each worker owns one,
/// so EWS and CNS connections are reused without locks.
class WorkerContext {
 public:
  explicit WorkerContext(TransportFactory factory) : factory_(std::move(factory)) {}

  /// Brings the context up to date with `settings` (cheap when unchanged).
  void update(const std::shared_ptr<const Settings>& settings);

  /// The EWS client for a server of the current settings.
  ews::Client& ews(const ExchangeServer& server);

  /// The CNS sink, or nullptr with *error when the CNS settings are unusable.
  CnsSink* cns(std::string* error);

 private:
  TransportFactory factory_;
  std::shared_ptr<const Settings> settings_;
  struct Ews {
    ews::TransportPtr transport;
    std::unique_ptr<ews::Client> client;
  };
  std::map<std::string, Ews> ews_;
  ews::TransportPtr cnsTransport_;
  CnsSignerPtr signer_;
  std::unique_ptr<CnsSink> sink_;
  std::string cnsError_;
};

}  // namespace enp
