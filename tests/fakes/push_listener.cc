#include "push_listener.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/StreamCopier.h>

namespace fakes::testing {

std::string sendNotificationResult(const std::string& status) {
  return "<?xml version='1.0' encoding='utf-8'?><s:Envelope "
         "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
         "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"><s:Body>"
         "<m:SendNotificationResult><m:SubscriptionStatus>" +
         status + "</m:SubscriptionStatus></m:SendNotificationResult></s:Body></s:Envelope>";
}

class PushListener::Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(PushListener& owner) : owner_(owner) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    Received r{request.getContentType(), request.get("SOAPAction", ""), {}};
    Poco::StreamCopier::copyToString(request.stream(), r.body);
    std::pair<int, std::string> reply;
    {
      std::lock_guard lock(owner_.mutex_);
      owner_.received_.push_back(std::move(r));
      reply = owner_.always_;
      if (!owner_.script_.empty()) {
        reply = owner_.script_.front();
        owner_.script_.pop_front();
      }
    }
    owner_.arrived_.notify_all();
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.first));
    response.setContentType("text/xml; charset=utf-8");
    response.setContentLength(static_cast<std::streamsize>(reply.second.size()));
    response.send() << reply.second;
  }

 private:
  PushListener& owner_;
};

class PushListener::Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(PushListener& owner) : owner_(owner) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(owner_);
  }

 private:
  PushListener& owner_;
};

PushListener::PushListener()
    : always_(200, sendNotificationResult("OK")),
      server_(std::make_unique<LoopbackServer>(new Factory(*this), ListenOptions{})) {}

PushListener::~PushListener() { server_->stop(); }

void PushListener::answer(int status, std::string body, int times) {
  std::lock_guard lock(mutex_);
  for (int i = 0; i < times; ++i) {
    script_.emplace_back(status, body);
  }
}

void PushListener::answerAlways(int status, std::string body) {
  std::lock_guard lock(mutex_);
  always_ = {status, std::move(body)};
}

std::string PushListener::url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port()) + "/ews/notify/tok123";
}

std::vector<PushListener::Received> PushListener::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

bool PushListener::waitForCount(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return received_.size() >= n; });
}

}  // namespace fakes::testing
