#pragma once

#include <map>
#include <memory>
#include <string>

#include "enp/http/transport_factory.h"
#include "enp/source/source.h"
#include "ews/client.h"

namespace enp {

/// One worker's EWS connections: a client per configured Exchange server, rebuilt when the
/// settings change, so connections are reused without locks. Maps every EWS error to a Failure
/// (ews_failure.h). Not thread-safe (one per worker).
class EwsReader : public MailReader {
 public:
  explicit EwsReader(TransportFactory transports) : transports_(std::move(transports)) {}

  void configure(const std::shared_ptr<const Settings>& settings) override;
  /// "exchange:<server name>" for the server serving the mailbox's domain.
  std::variant<std::string, Failure> upstreamFor(const Registration& registration) override;
  /// One GetItem (impersonating the mailbox) for all the events' items.
  ReadBatch read(const Registration& registration, const std::vector<QueuedEvent>& events) override;
  /// The same GetItem on the event loop (io.http): no thread waits for Exchange.
  boost::asio::awaitable<ReadBatch> readAsync(const Registration& registration,
                                              const std::vector<QueuedEvent>& events,
                                              AsyncIo& io) override;

 private:
  ews::Client& client(const ExchangeServer& server);

  const TransportFactory transports_;
  std::shared_ptr<const Settings> settings_;
  struct Connection {
    ews::TransportPtr transport;
    std::unique_ptr<ews::Client> client;
  };
  std::map<std::string, Connection> connections_;  // by server name
};

}  // namespace enp
