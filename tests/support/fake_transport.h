#pragma once

// An ews::Transport that answers from a function instead of the network, and records what was
// sent (ews-cpp's http_request_mock): for EWS and CNS clients alike.

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ews/transport.h"

namespace testsupport {

/// What the fake upstreams answer, shared by every transport a factory makes. Thread-safe.
class FakeUpstreams {
 public:
  using Handler = std::function<ews::Result<ews::HttpReply>(const ews::HttpRequest&)>;

  /// Requests whose URL starts with `urlPrefix` are answered by `handler` (the longest prefix
  /// wins); others get a kTransport error, as an unreachable host would.
  void on(const std::string& urlPrefix, Handler handler);

  /// Every request sent so far, in order.
  std::vector<ews::HttpRequest> requests() const;
  /// How many went to URLs starting with urlPrefix.
  size_t count(const std::string& urlPrefix) const;

  /// A transport factory for the daemon's seams (TransportFactory).
  ews::TransportPtr makeTransport(const ews::TransportOptions& options);

  ews::Result<ews::HttpReply> answer(const ews::HttpRequest& request);

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, Handler>> handlers_;  // GUARDED_BY(mutex_)
  std::vector<ews::HttpRequest> requests_;                 // GUARDED_BY(mutex_)
};

/// One transport answering from a script, for tests of one client: the queued answers in order,
/// then `always` when set, else a kTransport error (no answer). Records every request.
/// Not thread-safe (like the transports it stands in for).
class ScriptedTransport : public ews::Transport {
 public:
  ews::Result<ews::HttpReply> post(const ews::HttpRequest& request) override;
  void replyWith(long status, ews::Headers headers = {}, std::string body = "");

  std::vector<ews::HttpRequest> requests;
  std::deque<ews::Result<ews::HttpReply>> replies;
  std::optional<ews::Result<ews::HttpReply>> always;
};

/// A reply with `status`, `body` and optional headers.
ews::HttpReply reply(long status, std::string body = "", ews::Headers headers = {});

}  // namespace testsupport
