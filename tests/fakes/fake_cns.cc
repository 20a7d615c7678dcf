#include "fake_cns.h"

#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/MediaType.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <functional>
#include <utility>

namespace fakes {
namespace {

constexpr std::string_view kPath = "/v1/notifications";

std::string jsonError(const std::string& error, const std::string& message) {
  Poco::JSON::Object o;
  o.set("error", error);
  o.set("message", message);
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

bool isJwtMediaType(const std::string& contentType) {
  try {
    return Poco::Net::MediaType(contentType).matches("application", "jwt");
  } catch (const Poco::Exception&) {
    return false;
  }
}

}  // namespace

class FakeCns::Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(FakeCns& owner) : owner_(owner) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    const Answer answer =
        owner_.handle(Poco::URI(request.getURI()).getPath(), request.getMethod(),
                      request.get("Authorization", ""), request.getContentType(), body);
    if (answer.status < 0) {
      return;  // Shutting down during a delay: drop the connection.
    }
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    if (answer.retryAfter > 0) {
      response.set("Retry-After", std::to_string(answer.retryAfter));
    }
    if (answer.challenge) {
      response.set("WWW-Authenticate", "Bearer realm=\"cns\"");
    }
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    response.send() << answer.body;
  }

 private:
  FakeCns& owner_;
};

CnsScriptedAnswer CnsScriptedAnswer::serviceUnavailable(int retryAfterSeconds) {
  return {Kind::kServiceUnavailable, retryAfterSeconds, {}};
}
CnsScriptedAnswer CnsScriptedAnswer::tooManyRequests(int retryAfterSeconds) {
  return {Kind::kTooManyRequests, retryAfterSeconds, {}};
}
CnsScriptedAnswer CnsScriptedAnswer::unauthorized() { return {Kind::kUnauthorized, 0, {}}; }
CnsScriptedAnswer CnsScriptedAnswer::badRequest() { return {Kind::kBadRequest, 0, {}}; }
CnsScriptedAnswer CnsScriptedAnswer::delayed(std::chrono::milliseconds delay) {
  return {Kind::kDelay, 0, delay};
}

FakeCns::FakeCns(FakeCnsOptions options) : options_(std::move(options)) {
  server_ = std::make_unique<LoopbackServer>(
      new FunctionHandlerFactory([this] { return new Handler(*this); }), options_.listen);
}

FakeCns::~FakeCns() {
  stop_.stop();
  server_->stop();
}

uint16_t FakeCns::port() const { return server_->port(); }

std::string FakeCns::url() const {
  return "http://127.0.0.1:" + std::to_string(port()) + std::string(kPath);
}

FakeCns::Answer FakeCns::reject(int status, const std::string& error, const std::string& reason,
                                const std::string& raw) {
  std::lock_guard lock(mutex_);
  ++counters_.rejected;
  rejections_.push_back({status, reason, raw});
  if (rejections_.size() > options_.maxRecorded) {
    rejections_.pop_front();
  }
  return {status, jsonError(error, reason), 0, status == 401};
}

FakeCns::Answer FakeCns::handle(const std::string& path, const std::string& method,
                                const std::string& authorization, const std::string& contentType,
                                const std::string& body) {
  std::chrono::milliseconds latency;
  std::optional<CnsScriptedAnswer> scripted;
  {
    std::lock_guard lock(mutex_);
    ++counters_.requests;
    counters_.maxConcurrent = std::max(counters_.maxConcurrent, ++concurrent_);
    latency = latency_;
    if (!script_.empty()) {
      scripted = script_.front();
      script_.pop_front();
      ++counters_.scripted;
    }
  }
  struct Answered {
    FakeCns& cns;
    ~Answered() {
      std::lock_guard lock(cns.mutex_);
      --cns.concurrent_;
    }
  } answered{*this};
  if (latency.count() > 0 && !stop_.waitFor(latency)) {
    return {-1, {}};
  }
  using Kind = CnsScriptedAnswer::Kind;
  if (scripted) {
    switch (scripted->kind) {
      case Kind::kServiceUnavailable:
        return {503, jsonError("unavailable", "scripted"), scripted->retryAfterSeconds};
      case Kind::kTooManyRequests:
        return {429, jsonError("rate_limited", "scripted"), scripted->retryAfterSeconds};
      case Kind::kUnauthorized:
        return {401, jsonError("unauthorized", "scripted"), 0, true};
      case Kind::kBadRequest:
        return {400, jsonError("invalid_request", "scripted")};
      case Kind::kDelay:
        if (!stop_.waitFor(scripted->delay)) {
          return {-1, {}};
        }
        break;
    }
  }
  if (path != kPath) {
    return reject(404, "not_found", "unknown path " + path, body);
  }
  if (method != "POST") {
    return reject(405, "method_not_allowed", "only POST", body);
  }
  const std::string expected = "Bearer " + options_.organizationToken;
  if (authorization.size() != expected.size() ||
      Poco::icompare(authorization.substr(0, 7), "Bearer ") != 0 ||
      authorization.substr(7) != options_.organizationToken) {
    return reject(401, "unauthorized", "missing or wrong bearer token", body);
  }
  if (!isJwtMediaType(contentType)) {
    return reject(415, "unsupported_media_type", "Content-Type must be application/jwt", body);
  }
  if (body.size() > options_.maxBodyBytes) {
    return reject(413, "too_large", "body too large", "");
  }
  JwtVerdict verdict = verifyJwt(body, options_.jwt);
  if (!verdict.ok) {
    return reject(400, "invalid_token", verdict.error, body);
  }
  CnsPush push{body, std::move(verdict.jwt.headerJson), std::move(verdict.jwt.claimsJson),
               verdict.jwt.header, verdict.jwt.claims};
  const std::string jti = push.jti();
  const std::string claims = options_.onAccepted ? push.claimsJson : std::string();
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    ++counters_.accepted;
    if (!jtis_.insert(jti).second) {
      ++counters_.duplicates;
    }
    pushes_.push_back(std::move(push));
    if (pushes_.size() > options_.maxRecorded) {
      pushes_.pop_front();
    }
    wake = !awaited_.empty() && counters_.accepted >= *awaited_.begin();
  }
  if (wake) {
    accepted_.notify_all();
  }
  if (options_.onAccepted) {
    options_.onAccepted(claims);
  }
  Poco::JSON::Object ok;
  ok.set("status", "accepted");
  ok.set("jti", jti);
  std::ostringstream out;
  ok.stringify(out);
  return {200, out.str()};
}

void FakeCns::script(const CnsScriptedAnswer& answer, int times) {
  std::lock_guard lock(mutex_);
  for (int i = 0; i < times; ++i) {
    script_.push_back(answer);
  }
}

void FakeCns::clearScript() {
  std::lock_guard lock(mutex_);
  script_.clear();
}

void FakeCns::setLatency(std::chrono::milliseconds latency) {
  std::lock_guard lock(mutex_);
  latency_ = latency;
}

std::vector<CnsPush> FakeCns::pushes() const {
  std::lock_guard lock(mutex_);
  return {pushes_.begin(), pushes_.end()};
}

std::vector<CnsRejection> FakeCns::rejections() const {
  std::lock_guard lock(mutex_);
  return {rejections_.begin(), rejections_.end()};
}

CnsCounters FakeCns::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

size_t FakeCns::distinctJtis() const {
  std::lock_guard lock(mutex_);
  return jtis_.size();
}

bool FakeCns::waitForPushes(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  const auto mine = awaited_.insert(n);
  const bool reached = accepted_.wait_for(lock, timeout, [&] { return counters_.accepted >= n; });
  awaited_.erase(mine);
  return reached;
}

}  // namespace fakes
