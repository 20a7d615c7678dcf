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
    c.transport = transports_(options);
    c.client = std::make_unique<ews::Client>(*c.transport,
                                             ews::ClientConfig{server.ewsUrl, server.version});
    it = connections_.emplace(server.name, std::move(c)).first;
  }
  return *it->second.client;
}

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
  std::vector<std::string> ids;
  ids.reserve(events.size());
  for (const QueuedEvent& e : events) {
    ids.push_back(e.itemId);
  }
  auto fetched = client(server).getItems(registration.mailbox, ids);
  if (!fetched.ok()) {
    batch.failure = toFailure(fetched.error());
    return batch;
  }
  if (fetched->size() != events.size()) {
    // Exchange answers one message per id, in order; anything else cannot be matched up.
    Failure f;
    f.kind = FailureKind::kProtocol;
    f.system = "exchange";
    f.detail = "GetItem answered " + std::to_string(fetched->size()) + " item(s) for " +
               std::to_string(events.size()) + " id(s)";
    batch.failure = f;
    return batch;
  }
  batch.items.reserve(fetched->size());
  for (const ews::ItemResult& item : *fetched) {
    if (item.ok()) {
      batch.items.emplace_back(toMail(item.item));
    } else {
      batch.items.emplace_back(toFailure(item.error));
    }
  }
  return batch;
}

}  // namespace enp
