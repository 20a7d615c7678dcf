#include "fake_exchange.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <stdexcept>
#include <utility>

#include "exchange_control.h"
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

// The X-BackEndOverrideCookie value of the request's Cookie header, "" when absent.
std::string backEndCookie(const Poco::Net::HTTPServerRequest& request) {
  Poco::Net::NameValueCollection cookies;
  request.getCookies(cookies);
  return cookies.get("X-BackEndOverrideCookie", "");
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

class FakeExchange::Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(FakeExchange& owner) : owner_(owner) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    const auto arrived = std::chrono::steady_clock::now();
    std::chrono::milliseconds latency;
    {
      std::lock_guard lock(owner_.mutex_);
      ++owner_.counters_.requests;
      latency = owner_.latency_;
      owner_.counters_.maxConcurrent =
          std::max(owner_.counters_.maxConcurrent, ++owner_.concurrent_);
      owner_.arrived_.notify_all();
    }
    struct Leave {
      FakeExchange& owner;
      ~Leave() {
        std::lock_guard lock(owner.mutex_);
        --owner.concurrent_;
      }
    } leave{owner_};
    if (latency.count() > 0 && !owner_.stop_.waitFor(latency)) {
      return;  // Shutting down: drop the connection.
    }
    Answer answer;
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    std::optional<ControlAnswer> control;
    if (owner_.options_.control) {
      control = answerControl(owner_, request.getMethod(), request.getURI());
    }
    if (control) {
      answer = {control->status, control->body, "text/plain; charset=utf-8", false};
    } else if (lower(Poco::URI(request.getURI()).getPath()) != kEwsPath) {
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
      Incoming in{user,
                  password,
                  std::move(body),
                  request.get("X-AnchorMailbox", ""),
                  request.get("SOAPAction", ""),
                  backEndCookie(request),
                  lower(request.get("X-PreferServerAffinity", "")) == "true",
                  arrived};
      answer = owner_.handle(in);
    }
    if (answer.status < 0) {
      return;  // Shutting down during a scripted delay.
    }
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    for (const auto& [name, value] : answer.headers) {
      response.add(name, value);
    }
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

std::string FakeExchangeOptions::defaultSchemaFile() {
  return SchemaValidator::defaultSchemaPath();
}

FakeExchange::FakeExchange(FakeExchangeOptions options)
    : options_(std::move(options)), push_(options_.push) {
  if (!options_.schemaFile.empty()) {
    std::string error;
    schema_ = SchemaValidator::forFile(options_.schemaFile, &error);
    if (schema_ == nullptr) {
      throw std::runtime_error(error);
    }
  }
  server_ = std::make_unique<LoopbackServer>(
      new FunctionHandlerFactory([this] { return new Handler(*this); }), options_.listen);
}

FakeExchange::~FakeExchange() {
  stop_.stop();
  server_->stop();
  push_.restart();
}

uint16_t FakeExchange::port() const { return server_->port(); }

std::string FakeExchange::ewsUrl() const {
  return "http://127.0.0.1:" + std::to_string(port()) + "/EWS/Exchange.asmx";
}

FakeExchange::Answer FakeExchange::handle(const Incoming& in) {
  {
    std::lock_guard lock(mutex_);
    if (in.user != options_.user || in.password != options_.password) {
      ++counters_.unauthorized;
      return {401, "", "", true};
    }
  }
  SoapCallParse parsed = parseSoapCall(in.body);
  if (parsed.call && parsed.call->operationName != "GetItem") {
    return subscriptionOperation(in, *parsed.call);
  }
  return getItem(in);
}

FakeExchange::Answer FakeExchange::scriptedAnswer(const ScriptedAnswer& scripted,
                                                  const std::string& operation) {
  using Kind = ScriptedAnswer::Kind;
  switch (scripted.kind) {
    case Kind::kServerBusy:
      return {500, soapFaultEnvelope(serverBusyFault(scripted.backOff))};
    case Kind::kUnauthorized:
      return {401, "", "", true};
    case Kind::kServiceUnavailable:
      return {503, std::string(kIis503), "text/html; charset=us-ascii"};
    case Kind::kAccessDenied:
      return {500, soapFaultEnvelope(accessDeniedFault())};
    case Kind::kImpersonateUserDenied:
      return {500, soapFaultEnvelope(impersonateUserDeniedFault())};
    case Kind::kMailboxMoveInProgress:
      if (operation == "GetItem") {
        return {500, soapFaultEnvelope({"ErrorMailboxMoveInProgress",
                                        "Mailbox move in progress. Try again later.",
                                        {}})};
      }
      return {200, responseMessageError(options_.version, operation + "Response",
                                        operation + "ResponseMessage", "ErrorMailboxMoveInProgress",
                                        "Mailbox move in progress. Try again later.")};
    case Kind::kInternalServerError:
    case Kind::kDelay:
      break;
  }
  return {-2, {}};  // Not a canned answer of its own.
}

FakeExchange::Answer FakeExchange::getItem(const Incoming& in) {
  const std::string& user = in.user;
  const std::string& body = in.body;
  const std::string& anchor = in.anchor;
  const std::string& soapAction = in.soapAction;
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
    scripted = takeScripted(mailbox, "GetItem");
  }
  arrived_.notify_all();
  using Kind = ScriptedAnswer::Kind;
  if (scripted) {
    if (scripted->kind == Kind::kInternalServerError) {
      return {200, renderInternalServerErrorResponse(options_.version, call.itemIds.size(),
                                                     "ErrorServerBusy")};
    }
    if (scripted->kind == Kind::kDelay && !stop_.waitFor(scripted->delay)) {
      return {-1, {}};
    }
    Answer canned = scriptedAnswer(*scripted, "GetItem");
    if (canned.status != -2) {
      return canned;
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
