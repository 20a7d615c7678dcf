#include "fake_transport.h"

namespace testsupport {
namespace {

class FakeTransport : public ews::Transport {
 public:
  explicit FakeTransport(FakeUpstreams& upstreams) : upstreams_(upstreams) {}
  ews::Result<ews::HttpReply> post(const ews::HttpRequest& request) override {
    return upstreams_.answer(request);
  }

 private:
  FakeUpstreams& upstreams_;
};

}  // namespace

void FakeUpstreams::on(const std::string& urlPrefix, Handler handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  handlers_.emplace_back(urlPrefix, std::move(handler));
}

std::vector<ews::HttpRequest> FakeUpstreams::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

size_t FakeUpstreams::count(const std::string& urlPrefix) const {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t n = 0;
  for (const auto& r : requests_) {
    n += r.url.compare(0, urlPrefix.size(), urlPrefix) == 0 ? 1 : 0;
  }
  return n;
}

ews::TransportPtr FakeUpstreams::makeTransport(const ews::TransportOptions& /*options*/) {
  return std::make_unique<FakeTransport>(*this);
}

ews::Result<ews::HttpReply> FakeUpstreams::answer(const ews::HttpRequest& request) {
  Handler handler;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request);
    size_t best = 0;
    for (const auto& [prefix, h] : handlers_) {
      if (request.url.compare(0, prefix.size(), prefix) == 0 && prefix.size() >= best) {
        best = prefix.size();
        handler = h;
      }
    }
  }
  if (!handler) {
    return ews::Error::transport("CURLE_COULDNT_CONNECT", "no fake answers " + request.url);
  }
  return handler(request);  // outside the lock: a handler may look at requests()
}

ews::Result<ews::HttpReply> ScriptedTransport::post(const ews::HttpRequest& request) {
  requests.push_back(request);
  if (!replies.empty()) {
    ews::Result<ews::HttpReply> r = std::move(replies.front());
    replies.pop_front();
    return r;
  }
  if (always) {
    return *always;
  }
  return ews::Error::transport("CURLE_COULDNT_CONNECT", "no scripted answer for " + request.url);
}

void ScriptedTransport::replyWith(long status, ews::Headers headers, std::string body) {
  replies.emplace_back(reply(status, std::move(body), std::move(headers)));
}

ews::HttpReply reply(long status, std::string body, ews::Headers headers) {
  ews::HttpReply r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

}  // namespace testsupport
