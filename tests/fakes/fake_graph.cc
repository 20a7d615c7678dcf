#include "fake_graph.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "fake_graph_wire.h"
#include "jws/jws_keys.h"

namespace fakes {
namespace {

using Clock = std::chrono::system_clock;

std::string randomHex(size_t n) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kHex[rng() % 16];
  }
  return out;
}

std::string guid() {
  return randomHex(8) + "-" + randomHex(4) + "-4" + randomHex(3) + "-a" + randomHex(3) + "-" +
         randomHex(12);
}

// A session to ENP's listener (validation requests, notifications); https without verification
// (what Graph trusts is ENP's business, tested elsewhere).
std::unique_ptr<Poco::Net::HTTPClientSession> openSession(const Poco::URI& uri) {
  if (uri.getScheme() == "https") {
    Poco::Net::Context::Ptr context = new Poco::Net::Context(
        Poco::Net::Context::TLS_CLIENT_USE, "", "", "", Poco::Net::Context::VERIFY_NONE, 9, false);
    return std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
  }
  return std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
}

// A fresh key and a self-signed certificate for 127.0.0.1 in a new directory; the server's TLS
// context. *dir and *caFile name the directory and the certificate.
Poco::Net::Context::Ptr makeServerContext(std::string* dir, std::string* caFile) {
  std::string pattern = (std::filesystem::temp_directory_path() / "fake-graph-tls-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("FakeGraph: mkdtemp failed");
  }
  *dir = pattern;
  const std::string keyPem = testsupport::makeRsaPem(2048);
  const std::string certPem =
      testsupport::makeSelfSignedCertificate(keyPem, "localhost", "DNS:localhost,IP:127.0.0.1");
  *caFile = *dir + "/graph-tls.pem";
  std::ofstream(*dir + "/graph-tls.key") << keyPem;
  std::ofstream(*caFile) << certPem;
  return new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, *dir + "/graph-tls.key",
                                *caFile, "", Poco::Net::Context::VERIFY_NONE, 9, false);
}

std::string bearer(const std::string& authorization) {
  return authorization.rfind("Bearer ", 0) == 0 ? authorization.substr(7) : "";
}

}  // namespace

std::string graphDateTime(Clock::time_point t) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch());
  const Poco::Timestamp ts(us.count());
  return Poco::DateTimeFormatter::format(ts, "%Y-%m-%dT%H:%M:%S.%F0Z");
}

class FakeGraph::Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(FakeGraph& owner) : owner_(owner) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    const Answer a = owner_.handle(request.getMethod(), request.getURI(), body,
                                   request.get("Authorization", ""));
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(a.status));
    for (const auto& [name, value] : a.headers) {
      response.set(name, value);
    }
    if (a.status == 204) {
      response.setContentLength(0);
      response.send();
      return;
    }
    response.setContentType(a.contentType);
    response.setContentLength(static_cast<std::streamsize>(a.body.size()));
    response.send() << a.body;
  }

 private:
  FakeGraph& owner_;
};

FakeGraph::FakeGraph(FakeGraphOptions options) : options_(std::move(options)) {
  Poco::Net::Context::Ptr tls;
  if (options_.https) {
    Poco::Net::initializeSSL();
    tls = makeServerContext(&certDir_, &caFile_);
  }
  server_ = std::make_unique<LoopbackServer>(
      new FunctionHandlerFactory([this] { return new Handler(*this); }), options_.listen, tls);
}

FakeGraph::~FakeGraph() {
  stop_.stop();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  server_->stop();
  if (!certDir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(certDir_, ignored);
  }
  if (options_.https) {
    Poco::Net::uninitializeSSL();
  }
}

std::string FakeGraph::url() const {
  return (options_.https ? "https://127.0.0.1:" : "http://127.0.0.1:") +
         std::to_string(server_->port());
}

std::optional<FakeGraph::Answer> FakeGraph::throttled(const std::string& call) {
  std::lock_guard lock(mutex_);
  callTimes_[call].push_back(std::chrono::steady_clock::now());
  auto it = throttles_.find(call);
  if (it == throttles_.end() || it->second.times <= 0) {
    return std::nullopt;
  }
  --it->second.times;
  ++counters_.throttled;
  changed_.notify_all();
  const Throttle& t = it->second;
  Answer a{t.status,
           t.status == 429
               ? graphError("TooManyRequests", "Application is over its MailboxConcurrency limit.")
               : graphError("ServiceUnavailable", "Service is temporarily unavailable.")};
  a.headers.emplace_back("Retry-After", std::to_string(t.retryAfterSeconds));
  return a;
}

void FakeGraph::throttle(const std::string& call, int status, int retryAfterSeconds, int times) {
  std::lock_guard lock(mutex_);
  throttles_[call] = Throttle{status, retryAfterSeconds, times};
}

std::vector<std::chrono::steady_clock::time_point> FakeGraph::callTimes(
    const std::string& call) const {
  std::lock_guard lock(mutex_);
  auto it = callTimes_.find(call);
  return it == callTimes_.end() ? std::vector<std::chrono::steady_clock::time_point>{} : it->second;
}

void FakeGraph::holdMessageGets(bool hold) {
  {
    std::lock_guard lock(mutex_);
    holdGets_ = hold;
  }
  changed_.notify_all();
}

void FakeGraph::loseDeltaState() {
  std::lock_guard lock(mutex_);
  loseDeltaState_ = true;
}

std::string FakeGraph::lastDeltaQuery() const {
  std::lock_guard lock(mutex_);
  return lastDeltaQuery_;
}

FakeGraph::Answer FakeGraph::handle(const std::string& method, const std::string& uriText,
                                    const std::string& body, const std::string& authorization) {
  const Poco::URI uri(uriText);
  std::string path;
  Poco::URI::decode(uri.getPath(), path);
  const std::string tokenSuffix = "/oauth2/v2.0/token";
  if (method == "POST" && path.size() > tokenSuffix.size() &&
      path.compare(path.size() - tokenSuffix.size(), tokenSuffix.size(), tokenSuffix) == 0) {
    return token(path.substr(1, path.size() - tokenSuffix.size() - 1), body);
  }
  {
    std::lock_guard lock(mutex_);
    if (tokens_.count(bearer(authorization)) == 0) {
      ++counters_.unauthorized;
      return {401, graphError("InvalidAuthenticationToken", "Access token is empty.")};
    }
  }
  const std::string subscriptions = "/v1.0/subscriptions";
  if (path == subscriptions && method == "POST") {
    if (auto busy = throttled("create")) {
      return *busy;
    }
    return createSubscription(body);
  }
  if (path.rfind(subscriptions + "/", 0) == 0) {
    const std::string id = path.substr(subscriptions.size() + 1);
    if (method == "PATCH") {
      if (auto busy = throttled("renew")) {
        return *busy;
      }
      return renewSubscription(id, body);
    }
    if (method == "DELETE") {
      return deleteSubscription(id);
    }
  }
  const std::string users = "/v1.0/users/";
  if (method == "GET" && path.rfind(users, 0) == 0) {
    const std::string rest = path.substr(users.size());
    const size_t slash = rest.find('/');
    const std::string mailbox = Poco::toLower(rest.substr(0, slash));
    const std::string tail = slash == std::string::npos ? "" : rest.substr(slash);
    if (tail.rfind("/messages/", 0) == 0) {
      if (auto busy = throttled("message")) {
        return *busy;
      }
      return getMessage(mailbox, tail.substr(10));
    }
    if (tail == "/mailFolders('Inbox')/messages") {
      return newestInInbox(mailbox, uri.getRawQuery());  // a test of the settings
    }
    if (tail == "/mailFolders('Inbox')/messages/delta") {
      if (auto busy = throttled("delta")) {
        return *busy;
      }
      return delta(mailbox, uri.getRawQuery());
    }
    if (tail == "/mailboxSettings/workingHours") {
      return workingHours(mailbox);
    }
  }
  return {400, graphError("BadRequest", "Resource not found for the segment '" + path + "'.")};
}

FakeGraph::Answer FakeGraph::token(const std::string& tenant, const std::string& body) {
  GraphApp app{options_.tenantId, options_.clientId, options_.clientSecret, options_.certificatePem,
               url() + "/.default"};
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
  const TokenCheck check =
      checkTokenRequest(app, tenant, url() + "/" + tenant + "/oauth2/v2.0/token", body, now);
  std::lock_guard lock(mutex_);
  lastTokenCheck_ = check;
  if (check.status != 200) {
    ++counters_.tokensRefused;
    changed_.notify_all();
    Poco::JSON::Object o;
    o.set("error", check.error);
    o.set("error_description", check.aadsts + ": " + check.message +
                                   " Trace ID: 1f4c2b9e-0000-4000-8000-000000000000 Correlation "
                                   "ID: 2a5d3c0f-0000-4000-8000-000000000000 Timestamp: " +
                                   graphDateTime(Clock::now()));
    Poco::JSON::Array codes;
    codes.add(std::stoll(check.aadsts.substr(6)));
    o.set("error_codes", codes);
    o.set("timestamp", graphDateTime(Clock::now()));
    o.set("trace_id", "1f4c2b9e-0000-4000-8000-000000000000");
    o.set("correlation_id", "2a5d3c0f-0000-4000-8000-000000000000");
    return {check.status, stringify(o)};
  }
  const std::string accessToken = "eyJ0eXAiOiJKV1QifQ." + randomHex(48);
  tokens_.insert(accessToken);
  ++counters_.tokensIssued;
  counters_.assertions += check.assertion ? 1 : 0;
  changed_.notify_all();
  Poco::JSON::Object o;
  o.set("token_type", std::string("Bearer"));
  o.set("expires_in", static_cast<int>(options_.tokenLifetime.count()));
  o.set("ext_expires_in", static_cast<int>(options_.tokenLifetime.count()));
  o.set("access_token", accessToken);
  return {200, stringify(o)};
}

bool FakeGraph::validate(const std::string& target) {
  // As Graph: POST {url}?validationToken=<opaque>, Content-Type text/plain, within 10 s the
  // answer must be 200 text/plain with the token, decoded.
  const std::string validationToken =
      "Validation: Testing client application reachability " + randomHex(16) + " <&>";
  std::string query;
  Poco::URI::encode(validationToken, "!#$&'()*+,/:;=?@[]", query);
  try {
    const Poco::URI uri(target);
    auto sessionPtr = openSession(uri);
    Poco::Net::HTTPClientSession& session = *sessionPtr;
    session.setTimeout(Poco::Timespan(10, 0));
    std::string pathAndQuery = uri.getPathEtc();
    pathAndQuery += (pathAndQuery.find('?') == std::string::npos ? "?" : "&");
    pathAndQuery += "validationToken=" + query;
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, pathAndQuery,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("text/plain; charset=utf-8");
    request.setContentLength(0);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
    const bool ok = response.getStatus() == 200 &&
                    response.getContentType().rfind("text/plain", 0) == 0 &&
                    body == validationToken;
    if (ok) {
      std::lock_guard lock(mutex_);
      ++counters_.validations;
    }
    return ok;
  } catch (const Poco::Exception&) {
    return false;
  }
}

FakeGraph::Answer FakeGraph::createSubscription(const std::string& body) {
  Poco::JSON::Object::Ptr in;
  try {
    in = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return {400, graphError("InvalidRequest", "Invalid JSON.")};
  }
  FakeGraphSubscription s;
  s.changeType = in->optValue<std::string>("changeType", "");
  s.notificationUrl = in->optValue<std::string>("notificationUrl", "");
  s.lifecycleUrl = in->optValue<std::string>("lifecycleNotificationUrl", "");
  s.resource = in->optValue<std::string>("resource", "");
  s.clientState = in->optValue<std::string>("clientState", "");
  const auto asked = parseDateTime(in->optValue<std::string>("expirationDateTime", ""));
  const std::string prefix = "users/", suffix = "/mailFolders('Inbox')/messages";
  if (s.changeType.empty() || s.notificationUrl.empty() || !asked ||
      s.resource.rfind(prefix, 0) != 0 || s.resource.size() <= prefix.size() + suffix.size() ||
      s.resource.compare(s.resource.size() - suffix.size(), suffix.size(), suffix) != 0 ||
      s.clientState.size() > 128) {
    std::lock_guard lock(mutex_);
    ++counters_.createsRefused;
    return {400, graphError("InvalidRequest", "Invalid subscription request.")};
  }
  s.mailbox = Poco::toLower(
      s.resource.substr(prefix.size(), s.resource.size() - prefix.size() - suffix.size()));
  if (!validate(s.notificationUrl) || (!s.lifecycleUrl.empty() && !validate(s.lifecycleUrl))) {
    std::lock_guard lock(mutex_);
    ++counters_.createsRefused;
    changed_.notify_all();
    return {400, graphError("ValidationError",
                            "Subscription validation request failed. Notification endpoint must "
                            "respond with 200 OK to validation request.")};
  }
  const auto granted = std::min(*asked, Clock::now() + options_.grantedLifetime);
  s.expirationDateTime = graphDateTime(granted);
  {
    std::lock_guard lock(mutex_);
    s.id = guid();
    subscriptions_[s.id] = s;
    subscriptionOrder_.push_back(s.id);
    ++counters_.creates;
    changed_.notify_all();
  }
  if (options_.beforeCreateAnswer) {
    options_.beforeCreateAnswer(s.id);
  }
  Poco::JSON::Object out;
  out.set("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity");
  out.set("id", s.id);
  out.set("resource", s.resource);
  out.set("applicationId", options_.clientId);
  out.set("changeType", s.changeType);
  out.set("clientState", s.clientState);
  out.set("notificationUrl", s.notificationUrl);
  out.set("lifecycleNotificationUrl", s.lifecycleUrl);
  out.set("expirationDateTime", s.expirationDateTime);
  out.set("creatorId", options_.clientId);
  out.set("latestSupportedTlsVersion", std::string("v1_2"));
  out.set("notificationContentType", std::string("application/json"));
  return {201, stringify(out)};
}

FakeGraph::Answer FakeGraph::renewSubscription(const std::string& id, const std::string& body) {
  std::optional<Clock::time_point> asked;
  try {
    auto in = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    asked = parseDateTime(in->optValue<std::string>("expirationDateTime", ""));
  } catch (const std::exception&) {
  }
  std::lock_guard lock(mutex_);
  auto it = subscriptions_.find(id);
  if (it == subscriptions_.end() || !it->second.active) {
    ++counters_.renewalsNotFound;
    changed_.notify_all();
    return {404, graphError("ResourceNotFound", "The object was not found.")};
  }
  if (!asked) {
    return {400, graphError("InvalidRequest", "expirationDateTime is required.")};
  }
  FakeGraphSubscription& s = it->second;
  s.expirationDateTime = graphDateTime(std::min(*asked, Clock::now() + options_.grantedLifetime));
  ++s.renewals;
  ++counters_.renewals;
  changed_.notify_all();
  Poco::JSON::Object out;
  out.set("id", s.id);
  out.set("resource", s.resource);
  out.set("changeType", s.changeType);
  out.set("notificationUrl", s.notificationUrl);
  out.set("expirationDateTime", s.expirationDateTime);
  return {200, stringify(out)};
}

FakeGraph::Answer FakeGraph::deleteSubscription(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = subscriptions_.find(id);
  if (it == subscriptions_.end() || !it->second.active) {
    return {404, graphError("ResourceNotFound", "The object was not found.")};
  }
  it->second.active = false;
  ++counters_.deletes;
  changed_.notify_all();
  return {204, ""};
}

FakeGraph::Answer FakeGraph::getMessage(const std::string& mailbox, const std::string& id) {
  std::unique_lock lock(mutex_);
  ++counters_.messageGets;
  ++counters_.messageGetsInFlight;
  counters_.maxMessageGetsInFlight =
      std::max(counters_.maxMessageGetsInFlight, ++inFlight_[mailbox]);
  changed_.notify_all();
  changed_.wait(lock, [this] { return !holdGets_ || stopping_; });
  --counters_.messageGetsInFlight;
  --inFlight_[mailbox];
  changed_.notify_all();
  auto box = mailboxes_.find(mailbox);
  if (box == mailboxes_.end()) {
    return {404,
            graphError("ErrorInvalidUser", "The requested user '" + mailbox + "' is invalid.")};
  }
  auto it = box->second.find(id);
  if (it == box->second.end()) {
    return {404,
            graphError("ErrorItemNotFound", "The specified object was not found in the store.")};
  }
  return {200, stringify(messageJson(mailbox, it->second))};
}

Poco::JSON::Object FakeGraph::messageJson(const std::string& mailbox,
                                          const FakeGraphMessage& m) const {
  Poco::JSON::Object from;
  Poco::JSON::Object address;
  address.set("name", m.fromName);
  address.set("address", m.fromAddress);
  from.set("emailAddress", address);
  Poco::JSON::Object out;
  out.set("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#users('" + mailbox +
                                "')/messages(from,sender,subject,bodyPreview,receivedDateTime,"
                                "importance)/$entity");
  out.set("@odata.etag", "W/\"CQAAABYAAAA" + randomHex(8) + "\"");
  out.set("id", m.id);
  out.set("receivedDateTime", m.receivedDateTime);
  out.set("subject", m.subject);
  out.set("bodyPreview", m.bodyPreview);
  out.set("importance", m.importance);
  out.set("sender", from);
  out.set("from", from);
  return out;
}

FakeGraph::Answer FakeGraph::newestInInbox(const std::string& mailbox, const std::string& query) {
  std::lock_guard lock(mutex_);
  ++counters_.inboxReads;
  changed_.notify_all();
  auto box = mailboxes_.find(mailbox);
  if (box == mailboxes_.end()) {
    return {404,
            graphError("ErrorInvalidUser", "The requested user '" + mailbox + "' is invalid.")};
  }
  const FakeGraphMessage* newest = nullptr;
  for (const auto& [id, m] : box->second) {
    if (newest == nullptr || m.receivedDateTime > newest->receivedDateTime) {
      newest = &m;
    }
  }
  Poco::JSON::Array value;
  if (newest != nullptr && query.find("$top=0") == std::string::npos) {
    Poco::JSON::Object m = messageJson(mailbox, *newest);
    m.remove("@odata.context");
    value.add(m);
  }
  Poco::JSON::Object out;
  out.set("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#users('" + mailbox +
                                "')/mailFolders('Inbox')/messages(from,sender,subject,bodyPreview,"
                                "receivedDateTime,importance)");
  out.set("value", value);
  return {200, stringify(out)};
}

FakeGraph::Answer FakeGraph::workingHours(const std::string& mailbox) {
  std::lock_guard lock(mutex_);
  ++counters_.workingHoursReads;
  changed_.notify_all();
  if (!options_.mailboxSettingsReadable) {
    return {403,
            graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again.")};
  }
  if (mailboxes_.count(mailbox) == 0) {
    return {404,
            graphError("ErrorInvalidUser", "The requested user '" + mailbox + "' is invalid.")};
  }
  // A mailbox whose owner set nothing has Outlook's default: Monday to Friday, 8 to 5.
  FakeGraphWorkingHours h;
  if (auto it = workingHours_.find(mailbox); it != workingHours_.end()) {
    h = it->second;
  }
  Poco::JSON::Object out;
  out.set("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#users('" + mailbox +
                                "')/mailboxSettings/workingHours");
  Poco::JSON::Array days;
  for (const auto& d : h.daysOfWeek) {
    days.add(d);
  }
  out.set("daysOfWeek", days);
  out.set("startTime", h.startTime);
  out.set("endTime", h.endTime);
  Poco::JSON::Object zone;
  zone.set("name", h.timeZone);
  out.set("timeZone", zone);
  return {200, stringify(out)};
}

void FakeGraph::addMailbox(const std::string& mailbox) {
  std::lock_guard lock(mutex_);
  mailboxes_[Poco::toLower(mailbox)];
}

void FakeGraph::setWorkingHours(const std::string& mailbox, FakeGraphWorkingHours hours) {
  std::lock_guard lock(mutex_);
  mailboxes_[Poco::toLower(mailbox)];
  workingHours_[Poco::toLower(mailbox)] = std::move(hours);
}

void FakeGraph::addMessage(const std::string& mailbox, FakeGraphMessage message) {
  std::lock_guard lock(mutex_);
  changedAt_[Poco::toLower(mailbox)][message.id] = ++changeSeq_;
  mailboxes_[Poco::toLower(mailbox)][message.id] = std::move(message);
}

std::string FakeGraph::notificationJson(const FakeGraphSubscription& s,
                                        const std::string& messageId) const {
  Poco::JSON::Object data;
  data.set("@odata.type", std::string("#Microsoft.Graph.Message"));
  data.set("@odata.id", "Users/" + s.mailbox + "/Messages/" + messageId);
  data.set("@odata.etag", "W/\"CQAAABYAAADkrWGo7bouTKlsgTZMr9KwAAAUWRHf\"");
  data.set("id", messageId);
  Poco::JSON::Object n;
  n.set("subscriptionId", s.id);
  n.set("subscriptionExpirationDateTime", s.expirationDateTime);
  n.set("changeType", std::string("created"));
  n.set("resource", "Users/" + s.mailbox + "/Messages/" + messageId);
  n.set("resourceData", data);
  n.set("clientState", s.clientState);
  n.set("tenantId", options_.tenantGuid);
  Poco::JSON::Array value;
  value.add(n);
  Poco::JSON::Object out;
  out.set("value", value);
  return stringify(out);
}

std::vector<GraphPostResult> FakeGraph::deliverMail(const std::string& mailbox,
                                                    FakeGraphMessage message) {
  const std::string id = message.id;
  addMessage(mailbox, std::move(message));
  std::vector<std::pair<std::string, std::string>> posts;  // url, json
  {
    std::lock_guard lock(mutex_);
    for (const std::string& sid : subscriptionOrder_) {
      const FakeGraphSubscription& s = subscriptions_[sid];
      if (s.active && s.mailbox == Poco::toLower(mailbox)) {
        posts.emplace_back(s.notificationUrl, notificationJson(s, id));
      }
    }
  }
  std::vector<GraphPostResult> results;
  for (const auto& [target, json] : posts) {
    results.push_back(post(target, json));
    std::lock_guard lock(mutex_);
    ++counters_.notificationsSent;
    changed_.notify_all();
  }
  return results;
}

GraphPostResult FakeGraph::sendLifecycle(const std::string& subscriptionId,
                                         const std::string& event) {
  std::string target, json;
  {
    std::lock_guard lock(mutex_);
    auto it = subscriptions_.find(subscriptionId);
    if (it == subscriptions_.end()) {
      return {};
    }
    FakeGraphSubscription& s = it->second;
    if (event == "subscriptionRemoved") {
      s.active = false;
    }
    Poco::JSON::Object n;
    n.set("subscriptionId", s.id);
    n.set("subscriptionExpirationDateTime", s.expirationDateTime);
    n.set("tenantId", options_.tenantGuid);
    n.set("clientState", s.clientState);
    n.set("lifecycleEvent", event);
    Poco::JSON::Array value;
    value.add(n);
    Poco::JSON::Object out;
    out.set("value", value);
    target = s.lifecycleUrl;
    json = stringify(out);
  }
  return post(target, json);
}

GraphPostResult FakeGraph::post(const std::string& target, const std::string& json) {
  GraphPostResult result;
  const auto start = std::chrono::steady_clock::now();
  try {
    const Poco::URI uri(target);
    auto sessionPtr = openSession(uri);
    Poco::Net::HTTPClientSession& session = *sessionPtr;
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathEtc(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json; charset=utf-8");
    request.setContentLength(static_cast<std::streamsize>(json.size()));
    session.sendRequest(request) << json;
    Poco::Net::HTTPResponse response;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), result.body);
    result.status = response.getStatus();
  } catch (const Poco::Exception&) {
    result.status = 0;
  }
  result.took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  return result;
}

bool FakeGraph::dropSubscription(const std::string& subscriptionId) {
  std::lock_guard lock(mutex_);
  auto it = subscriptions_.find(subscriptionId);
  if (it == subscriptions_.end() || !it->second.active) {
    return false;
  }
  it->second.active = false;
  return true;
}

std::vector<FakeGraphSubscription> FakeGraph::subscriptions() const {
  std::lock_guard lock(mutex_);
  std::vector<FakeGraphSubscription> out;
  for (const std::string& id : subscriptionOrder_) {
    out.push_back(subscriptions_.at(id));
  }
  return out;
}

FakeGraphCounters FakeGraph::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

TokenCheck FakeGraph::lastTokenCheck() const {
  std::lock_guard lock(mutex_);
  return lastTokenCheck_;
}

bool FakeGraph::waitFor(const std::function<bool(const FakeGraphCounters&)>& done,
                        std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return done(counters_); });
}

}  // namespace fakes
