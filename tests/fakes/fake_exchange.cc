#include "fake_exchange.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <utility>

#include "exchange_xml.h"
#include "get_item_request.h"
#include "get_item_response.h"

namespace fakes {
namespace {

constexpr std::string_view kEwsPath = "/ews/exchange.asmx";
constexpr std::string_view kXml = "text/xml; charset=utf-8";
// HTTP.sys's answer when the IIS request queue is full.
constexpr std::string_view kIis503 =
    "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\"http://www.w3.org/TR/html4/strict.dtd\">"
    "\r\n<HTML><HEAD><TITLE>Service Unavailable</TITLE></HEAD><BODY><h2>Service Unavailable</h2>"
    "<hr><p>HTTP Error 503. The service is unavailable.</p></BODY></HTML>\r\n";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

FakeItem synthesize(const std::string& id) {
  FakeItem item;
  item.id = id;
  item.from = {"Bob Example", "bob@contoso.com", "SMTP", "Mailbox"};
  item.senderSmtpAddress = "bob@contoso.com";
  item.subject = "Synthetic message " + id.substr(id.size() > 8 ? id.size() - 8 : 0);
  item.body =
      std::string("Hello, this is a synthesised message body long enough to need a preview cut. ");
  while (item.body.size() < 400) {
    item.body += "More text follows here. ";
  }
  return item;
}

}  // namespace

struct FakeExchange::Answer {
  int status = 200;
  std::string body;
  std::string contentType = std::string(kXml);
  bool challenge = false;  // Adds WWW-Authenticate: Basic realm.
};

class FakeExchange::Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(FakeExchange& owner) : owner_(owner) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    std::chrono::milliseconds latency;
    {
      std::lock_guard lock(owner_.mutex_);
      ++owner_.counters_.requests;
      latency = owner_.latency_;
    }
    if (latency.count() > 0 && !owner_.stop_.waitFor(latency)) {
      return;  // Shutting down: drop the connection.
    }
    Answer answer;
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    if (lower(Poco::URI(request.getURI()).getPath()) != kEwsPath) {
      answer = {404, "Not Found", "text/plain", false};
    } else if (request.getMethod() != Poco::Net::HTTPRequest::HTTP_POST) {
      answer = {405, "Method Not Allowed", "text/plain", false};
    } else if (body.size() > owner_.options_.maxBodyBytes) {
      answer = {413, "Request Entity Too Large", "text/plain", false};
    } else {
      std::string user;
      std::string password;
      try {
        const Poco::Net::HTTPBasicCredentials credentials(request);
        user = credentials.getUsername();
        password = credentials.getPassword();
      } catch (const Poco::Exception&) {
        // Missing or not Basic: answered 401 below.
      }
      answer = owner_.handle(user, password, body, request.get("X-AnchorMailbox", ""),
                             request.get("SOAPAction", ""));
    }
    if (answer.status < 0) {
      return;  // Shutting down during a scripted delay.
    }
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    if (answer.challenge) {
      response.set("WWW-Authenticate", "Basic realm=\"" + owner_.options_.realm + "\"");
    }
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    if (!answer.body.empty()) {
      response.setContentType(answer.contentType);
    }
    response.send() << answer.body;
  }

 private:
  FakeExchange& owner_;
};

FakeExchange::FakeExchange(FakeExchangeOptions options) : options_(std::move(options)) {
  server_ = std::make_unique<LoopbackServer>(
      new FunctionHandlerFactory([this] { return new Handler(*this); }), options_.listen);
}

FakeExchange::~FakeExchange() {
  stop_.stop();
  server_->stop();
}

uint16_t FakeExchange::port() const { return server_->port(); }

std::string FakeExchange::ewsUrl() const {
  return "http://127.0.0.1:" + std::to_string(port()) + "/EWS/Exchange.asmx";
}

FakeExchange::Answer FakeExchange::handle(const std::string& user, const std::string& password,
                                          const std::string& body, const std::string& anchor,
                                          const std::string& soapAction) {
  {
    std::lock_guard lock(mutex_);
    if (user != options_.user || password != options_.password) {
      ++counters_.unauthorized;
      return {401, "", "", true};
    }
  }
  GetItemParse parsed = parseGetItemRequest(body);
  if (!parsed.call) {
    std::lock_guard lock(mutex_);
    ++counters_.badRequests;
    return {500, soapFaultEnvelope(parsed.fault)};
  }
  const GetItemCall& call = *parsed.call;
  const bool impersonating = !call.impersonationKind.empty();
  const std::string mailbox = lower(impersonating ? call.impersonatedMailbox : user);
  std::optional<ScriptedAnswer> scripted;
  {
    std::lock_guard lock(mutex_);
    ++counters_.getItems;
    if (impersonating && lower(anchor) != mailbox) {
      ++counters_.anchorMismatches;
    }
    recorded_.push_back({user, call.impersonationKind, call.impersonatedMailbox, call.itemIds,
                         call.requestServerVersion, anchor, soapAction, body});
    while (recorded_.size() > options_.maxRecorded) {
      recorded_.pop_front();
    }
    scripted = takeScripted(mailbox);
  }
  arrived_.notify_all();
  using Kind = ScriptedAnswer::Kind;
  if (scripted) {
    switch (scripted->kind) {
      case Kind::kServerBusy:
        return {500, soapFaultEnvelope(serverBusyFault(scripted->backOff))};
      case Kind::kUnauthorized:
        return {401, "", "", true};
      case Kind::kServiceUnavailable:
        return {503, std::string(kIis503), "text/html; charset=us-ascii"};
      case Kind::kAccessDenied:
        return {500, soapFaultEnvelope(accessDeniedFault())};
      case Kind::kImpersonateUserDenied:
        return {500, soapFaultEnvelope(impersonateUserDeniedFault())};
      case Kind::kInternalServerError:
        return {200, renderInternalServerErrorResponse(options_.version, call.itemIds.size(),
                                                       "ErrorServerBusy")};
      case Kind::kDelay:
        if (!stop_.waitFor(scripted->delay)) {
          return {-1, {}};
        }
        break;
    }
  }
  std::vector<ItemLookup> lookups;
  {
    std::lock_guard lock(mutex_);
    const auto box = mailboxes_.find(mailbox);
    if (impersonating && box == mailboxes_.end() && !options_.synthesizeItems) {
      ++counters_.nonExistentMailbox;
      return {500, soapFaultEnvelope(nonExistentMailboxFault(call.impersonatedMailbox))};
    }
    if (impersonating && impersonationAllowed_ && !impersonationAllowed_->contains(mailbox)) {
      ++counters_.impersonationDenied;
      return {500, soapFaultEnvelope(impersonateUserDeniedFault())};
    }
    for (const std::string& id : call.itemIds) {
      ItemLookup lookup{id, std::nullopt};
      if (box != mailboxes_.end()) {
        if (const auto item = box->second.find(id); item != box->second.end()) {
          lookup.item = item->second;
        }
      }
      if (!lookup.item && options_.synthesizeItems) {
        lookup.item = synthesize(id);
      }
      ++(lookup.item ? counters_.itemsServed : counters_.itemsNotFound);
      lookups.push_back(std::move(lookup));
    }
  }
  return {200, renderGetItemResponse(options_.version, call.shape, lookups)};
}

}  // namespace fakes
