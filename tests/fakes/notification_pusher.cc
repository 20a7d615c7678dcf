#include "notification_pusher.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <memory>
#include <pugixml.hpp>
#include <sstream>

#include "xml_ns.h"

namespace fakes {
namespace {

std::unique_ptr<Poco::Net::HTTPClientSession> openSession(const Poco::URI& uri,
                                                          const PushOptions& options) {
  if (uri.getScheme() == "https") {
    const auto mode = options.caFile.empty() ? Poco::Net::Context::VERIFY_NONE
                                             : Poco::Net::Context::VERIFY_RELAXED;
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "",
                                                             "", options.caFile, mode, 9, false);
    return std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
  }
  return std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
}

// m:SendNotificationResult/m:SubscriptionStatus anywhere in s:Body; empty when absent.
std::string subscriptionStatus(const std::string& body) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) {
    return {};
  }
  const pugi::xml_node envelope = firstElement(doc);
  if (!isElement(envelope, kSoap11Ns, "Envelope")) {
    return {};
  }
  const pugi::xml_node result =
      child(child(envelope, kSoap11Ns, "Body"), kMessagesNs, "SendNotificationResult");
  return trimmedText(child(result, kMessagesNs, "SubscriptionStatus"));
}

}  // namespace

const char* toString(PushOutcome::Status status) {
  switch (status) {
    case PushOutcome::Status::kOk:
      return "OK";
    case PushOutcome::Status::kUnsubscribe:
      return "Unsubscribe";
    case PushOutcome::Status::kFailed:
      return "Failed";
  }
  return "Failed";
}

std::vector<int> exchangeRetryDelays(int statusFrequencyMinutes) {
  std::vector<int> delays;
  const int window = statusFrequencyMinutes * 60;
  for (int delay = 30; delay <= window; delay *= 2) {
    delays.push_back(delay);
  }
  return delays;
}

PushOutcome pushOnce(const std::string& callbackUrl, const std::string& xml,
                     const PushOptions& options) {
  PushOutcome outcome;
  outcome.attempts = 1;
  try {
    const Poco::URI uri(callbackUrl);
    auto session = openSession(uri, options);
    session->setTimeout(Poco::Timespan(options.requestTimeout.count() * 1000));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("text/xml; charset=utf-8");
    request.set("Accept", "text/xml");
    request.set("SOAPAction", options.soapAction);
    request.setContentLength(static_cast<std::streamsize>(xml.size()));
    session->sendRequest(request) << xml;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    Poco::StreamCopier::copyToString(in, outcome.lastBody);
    outcome.lastHttpStatus = static_cast<int>(response.getStatus());
  } catch (const Poco::Exception& e) {
    outcome.lastError = e.displayText();
    return outcome;
  }
  if (outcome.lastHttpStatus != 200) {
    outcome.lastError = "HTTP " + std::to_string(outcome.lastHttpStatus);
    return outcome;
  }
  const std::string status = subscriptionStatus(outcome.lastBody);
  if (status == "OK") {
    outcome.status = PushOutcome::Status::kOk;
  } else if (status == "Unsubscribe") {
    outcome.status = PushOutcome::Status::kUnsubscribe;
  } else {
    outcome.lastError = "no m:SendNotificationResult/m:SubscriptionStatus in the answer";
  }
  return outcome;
}

PushOutcome pushWithRetries(const std::string& callbackUrl, const std::string& xml,
                            const PushOptions& options, StopSignal* stop) {
  const std::vector<int> delays = exchangeRetryDelays(options.statusFrequencyMinutes);
  int attempts = 0;
  for (size_t retry = 0;; ++retry) {
    PushOutcome outcome = pushOnce(callbackUrl, xml, options);
    outcome.attempts = ++attempts;
    if (outcome.status != PushOutcome::Status::kFailed || retry == delays.size()) {
      return outcome;
    }
    const std::chrono::milliseconds wait = options.secondLength * delays[retry];
    if (stop != nullptr && !stop->waitFor(wait)) {
      outcome.lastError = "stopped while waiting to retry: " + outcome.lastError;
      return outcome;
    }
    if (stop == nullptr) {
      StopSignal local;
      local.waitFor(wait);
    }
  }
}

}  // namespace fakes
