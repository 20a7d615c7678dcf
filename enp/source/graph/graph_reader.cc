#include "enp/source/graph/graph_reader.h"

#include "enp/source/graph/graph_message.h"

namespace enp {

void GraphReader::configure(const std::shared_ptr<const Settings>& settings) {
  if (settings != settings_) {
    clients_.clear();
    settings_ = settings;
  }
}

std::variant<std::string, Failure> GraphReader::upstreamFor(const Registration& registration) {
  const GraphTenant* tenant = settings_ ? settings_->graphFor(registration.mailbox) : nullptr;
  if (tenant == nullptr) {
    Failure f;
    f.kind = FailureKind::kNotConfigured;
    f.system = "graph";
    f.detail = "no graph tenant serves " + registration.mailbox;
    f.advice = "add the mail domain to a graph tenant's domains";
    return f;
  }
  return tenant->upstream();
}

GraphClient& GraphReader::client(const GraphTenant& tenant) {
  auto it = clients_.find(tenant.name);
  if (it == clients_.end()) {
    const ews::TransportOptions options = graphTransportOptions(tenant, 15000);
    it = clients_
             .emplace(tenant.name,
                      std::make_unique<GraphClient>(tenant, tokens_, transports_(options)))
             .first;
  }
  return *it->second;
}

ReadBatch GraphReader::read(const Registration& registration,
                            const std::vector<QueuedEvent>& events) {
  ReadBatch batch;
  auto upstream = upstreamFor(registration);
  if (auto* failure = std::get_if<Failure>(&upstream)) {
    batch.failure = *failure;
    return batch;
  }
  batch.upstream = std::get<std::string>(upstream);
  GraphClient& graph = client(*settings_->graphFor(registration.mailbox));
  const std::string base = "/v1.0/users/" + urlEncode(registration.mailbox) + "/messages/";
  for (const QueuedEvent& e : events) {
    auto reply = graph.send("GET", base + urlEncode(e.itemId) + "?$select=" + kGraphMessageSelect);
    if (auto* failure = std::get_if<Failure>(&reply)) {
      if (failure->kind != FailureKind::kItemGone && failure->kind != FailureKind::kBadItem) {
        batch.items.clear();
        batch.failure = *failure;
        return batch;
      }
      batch.items.emplace_back(*failure);
      continue;
    }
    Result<Mail> mail = parseGraphMessage(std::get<ews::HttpReply>(reply).body);
    if (mail.ok()) {
      batch.items.emplace_back(std::move(*mail));
    } else {
      batch.items.emplace_back(
          Failure{FailureKind::kProtocol, "graph", mail.error().message(), "", {}});
    }
  }
  return batch;
}

}  // namespace enp
