#pragma once

#include <memory>
#include <string>

#include "enp/http/transport_factory.h"
#include "enp/sink/cns/cns_client.h"
#include "enp/sink/cns/cns_signer.h"
#include "enp/sink/sink.h"

namespace enp {

/// The cloud notification service as a Sink: one worker's signer and connection, rebuilt when
/// the CNS settings change. CNS's answers map to the retry policy's kinds:
///   2xx                          accepted
///   408, 5xx, no answer          kUnreachable (Retry-After honoured)
///   429                          kBusy (Retry-After honoured)
///   other 4xx, 1xx/3xx, signing  kRefused (dead letter; 401/403 point at the token and key)
class CnsSink : public Sink {
 public:
  explicit CnsSink(TransportFactory transports) : transports_(std::move(transports)) {}

  std::optional<Failure> configure(const std::shared_ptr<const Settings>& settings) override;
  std::string upstream() const override { return "cns"; }
  std::optional<Failure> deliver(const Notification& notification,
                                 std::chrono::system_clock::time_point now) override;
  /// Signs here, sends on io.http: no thread waits for CNS.
  boost::asio::awaitable<std::optional<Failure>> deliverAsync(
      const Notification& notification, std::chrono::system_clock::time_point now,
      AsyncIo& io) override;

 private:
  std::optional<Failure> notConfigured() const;
  static std::optional<Failure> toFailure(const SinkResult& result);

  const TransportFactory transports_;
  std::shared_ptr<const Settings> settings_;
  std::optional<Failure> unusable_;  // why the current settings cannot be used
  ews::TransportPtr transport_;
  CnsSignerPtr signer_;
  std::unique_ptr<CnsClient> client_;
};

}  // namespace enp
