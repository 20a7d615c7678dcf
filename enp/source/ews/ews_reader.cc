#include "enp/source/ews/ews_reader.h"

#include "enp/source/ews/ews_failure.h"

namespace enp {
namespace {

Mail toMail(const ews::MailItem& m) {
  Mail mail;
  mail.itemId = m.itemId;
  mail.senderName = m.from.name;
  mail.senderAddress = m.smtpAddress();
  mail.subject = m.subject;
  mail.snippetSource = m.preview;
  mail.received = m.received;
  mail.importance = m.importance;
  mail.itemClass = m.itemClass;
  mail.meeting = m.meeting;
  return mail;
}

}  // namespace

void EwsReader::configure(const std::shared_ptr<const Settings>& settings) {
  if (settings != settings_) {
    settings_ = settings;
    connections_.clear();
  }
}

std::variant<std::string, Failure> EwsReader::upstreamFor(const Registration& registration) {
  const ExchangeServer* server = settings_ ? settings_->serverFor(registration.mailbox) : nullptr;
  if (server == nullptr) {
    Failure f;
    f.kind = FailureKind::kNotConfigured;
    f.system = "exchange";
    f.detail = "no Exchange server serves " + registration.mailbox;
    f.advice = "add an Exchange server for this mail domain (or one without domains)";
    return f;
  }
  return "exchange:" + server->name;
}

ews::Client& EwsReader::client(const ExchangeServer& server) {
  auto it = connections_.find(server.name);
  if (it == connections_.end()) {
    ews::TransportOptions options;
    options.auth = server.auth;
    options.caFile = server.caFile;
    Connection c;
    c.transport = lazyTransport(transports_, options);
    c.client = std::make_unique<ews::Client>(*c.transport,
                                             ews::ClientConfig{server.ewsUrl, server.version});
    it = connections_.emplace(server.name, std::move(c)).first;
  }
  return *it->second.client;
}

namespace {

std::vector<std::string> itemIdsOf(const std::vector<QueuedEvent>& events) {
  std::vector<std::string> ids;
  ids.reserve(events.size());
  for (const QueuedEvent& e : events) {
    ids.push_back(e.itemId);
  }
  return ids;
}

// What GetItem answered, one entry per event.
void fillBatch(const ews::Result<std::vector<ews::ItemResult>>& fetched, size_t count,
               ReadBatch* batch) {
  if (!fetched.ok()) {
    batch->failure = toFailure(fetched.error());
    return;
  }
  if (fetched->size() != count) {
    // Exchange answers one message per id, in order; anything else cannot be matched up.
    Failure f;
    f.kind = FailureKind::kProtocol;
    f.system = "exchange";
    f.detail = "GetItem answered " + std::to_string(fetched->size()) + " item(s) for " +
               std::to_string(count) + " id(s)";
    batch->failure = f;
    return;
  }
  batch->items.reserve(fetched->size());
  for (const ews::ItemResult& item : *fetched) {
    if (item.ok()) {
      batch->items.emplace_back(toMail(item.item));
    } else {
      batch->items.emplace_back(toFailure(item.error));
    }
  }
}

}  // namespace

ReadBatch EwsReader::read(const Registration& registration,
                          const std::vector<QueuedEvent>& events) {
  ReadBatch batch;
  auto upstream = upstreamFor(registration);
  if (auto* failure = std::get_if<Failure>(&upstream)) {
    batch.failure = *failure;
    return batch;
  }
  batch.upstream = std::get<std::string>(upstream);
  const ExchangeServer& server = *settings_->serverFor(registration.mailbox);
  fillBatch(client(server).getItems(registration.mailbox, itemIdsOf(events)), events.size(),
            &batch);
  return batch;
}

boost::asio::awaitable<ReadBatch> EwsReader::readAsync(const Registration& registration,
                                                       const std::vector<QueuedEvent>& events,
                                                       AsyncIo& io) {
  ReadBatch batch;
  auto upstream = upstreamFor(registration);
  if (auto* failure = std::get_if<Failure>(&upstream)) {
    batch.failure = *failure;
    co_return batch;
  }
  batch.upstream = std::get<std::string>(upstream);
  const std::shared_ptr<const Settings> settings = settings_;  // alive while suspended
  const ExchangeServer& server = *settings->serverFor(registration.mailbox);
  ews::TransportOptions options;
  options.auth = server.auth;
  options.caFile = server.caFile;
  const std::vector<std::string> ids = itemIdsOf(events);
  // Named: GCC 12 mishandles a class temporary (a string in it) inside a co_await expression.
  const ews::HttpRequest request =
      ews::getItemsRequest({server.ewsUrl, server.version}, registration.mailbox, ids);
  ews::Result<ews::HttpReply> reply =
      co_await io.http->asyncSend(options, request, boost::asio::use_awaitable);
  fillBatch(ews::getItemsReply(reply, ids.size()), ids.size(), &batch);
  co_return batch;
}

}  // namespace enp
