#include "enp/source/graph/token_provider.h"

#include <Poco/JSON/Parser.h>

#include "enp/common/log.h"
#include "enp/common/secrets.h"
#include "enp/source/graph/aad_error.h"
#include "enp/source/graph/client_assertion.h"
#include "enp/source/graph/graph_client.h"
#include "enp/source/graph/graph_failure.h"

namespace enp {
namespace {

Failure tokenFailure(FailureKind kind, std::string detail, std::string advice = "") {
  Failure f;
  f.kind = kind;
  f.system = "graph";
  f.detail = "token: " + std::move(detail);
  f.advice = std::move(advice);
  return f;
}

}  // namespace

std::string tokenCacheKey(const GraphTenant& t) {
  return t.name + "\n" + t.tokenUrl() + "\n" + t.clientId + "\n" + t.graphUrl + "\n" +
         (t.auth == GraphTenant::Auth::kSecret ? "secret:" + sha256Hex(t.secret)
                                               : "cert:" + t.certFile + "\n" + t.keyFile);
}

std::variant<std::string, Failure> TokenProvider::token(const GraphTenant& tenant) {
  const std::string key = tokenCacheKey(tenant);
  auto cached = [&]() -> std::string {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = cache_.find(key);
    return it != cache_.end() && clock_.nowMs() < it->second.refreshAtMs ? it->second.accessToken
                                                                         : std::string();
  };
  if (std::string t = cached(); !t.empty()) {
    return t;
  }
  std::lock_guard<std::mutex> fetching(fetchMutex_);
  if (std::string t = cached(); !t.empty()) {
    return t;  // Fetched by the caller before us.
  }
  return fetch(tenant, clock_.nowMs());
}

void TokenProvider::invalidate(const GraphTenant& tenant) {
  std::lock_guard<std::mutex> lock(mutex_);
  cache_.erase(tokenCacheKey(tenant));
}

int64_t TokenProvider::requestsForTest() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::map<std::string, TokenState> TokenProvider::states() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return states_;
}

std::variant<std::string, Failure> TokenProvider::fetch(const GraphTenant& tenant, int64_t nowMs) {
  std::variant<std::string, Failure> got = request(tenant, nowMs);
  if (metrics_ != nullptr) {
    metrics_
        ->counter("enp_graph_tenant_token_requests_total{tenant=\"" +
                      Metrics::labelValue(tenant.name) + "\",result=\"" +
                      (std::holds_alternative<Failure>(got) ? "failed" : "issued") + "\"}",
                  "Token requests to Entra ID by tenant (graph[].name) and result")
        .inc();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  TokenState& state = states_[tenant.name];
  if (const Failure* f = std::get_if<Failure>(&got)) {
    state.lastErrorAt = nowMs;
    state.lastError = f->detail;
    state.advice = f->advice;
  } else {
    state.lastIssuedAt = nowMs;
  }
  return got;
}

std::variant<std::string, Failure> TokenProvider::request(const GraphTenant& tenant,
                                                          int64_t nowMs) {
  const std::string url = tenant.tokenUrl();
  std::string body = "client_id=" + urlEncode(tenant.clientId) +
                     "&scope=" + urlEncode(tenant.graphUrl + "/.default") +
                     "&grant_type=client_credentials";
  if (tenant.auth == GraphTenant::Auth::kSecret) {
    if (tenant.secret.empty()) {
      return tokenFailure(FailureKind::kNotConfigured, "no client secret",
                          "set graph[].auth.secret for " + tenant.name);
    }
    body += "&client_secret=" + urlEncode(tenant.secret);
  } else {
    Result<ClientAssertionPtr> assertion =
        ClientAssertion::fromFiles(tenant.certFile, tenant.keyFile);
    if (!assertion.ok()) {
      return tokenFailure(FailureKind::kNotConfigured, assertion.error().message(),
                          "fix graph[].auth of " + tenant.name);
    }
    const std::string jwt = (*assertion)->sign(tenant.clientId, url, randomToken(16), clock_.now());
    if (jwt.empty()) {
      return tokenFailure(FailureKind::kNotConfigured, "the client assertion could not be signed");
    }
    body += "&client_assertion_type=" +
            urlEncode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") +
            "&client_assertion=" + jwt;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++requests_;
  }
  ews::HttpRequest request;
  request.url = url;
  request.body = std::move(body);
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  const ews::TransportOptions options = graphTransportOptions(tenant, 15000);
  const ews::Result<ews::HttpReply> reply = transports_(options)->post(request);
  if (!reply.ok()) {
    return tokenFailure(FailureKind::kUnreachable,
                        tenant.authorityUrl + " unreachable: " + reply.error().describe(),
                        "check that ENP reaches " + tenant.authorityUrl + " (HTTPS, proxy, DNS)");
  }
  if (reply->status == 400 || reply->status == 401) {
    const AadError e = explainAadError(reply->body);
    return tokenFailure(FailureKind::kAuth, std::to_string(reply->status) + " " + e.detail,
                        e.advice);
  }
  if (reply->status != 200) {
    Failure f = graphHttpFailure(*reply);
    f.detail = "token: " + f.detail;
    return f;
  }
  std::string accessToken;
  int64_t expiresIn = 0;
  try {
    auto o = Poco::JSON::Parser().parse(reply->body).extract<Poco::JSON::Object::Ptr>();
    accessToken = o->optValue<std::string>("access_token", "");
    // A number in v2.0 answers; some proxies and v1.0 send a string.
    expiresIn = std::stoll(o->get("expires_in").toString());
  } catch (const std::exception&) {
  }
  if (accessToken.empty() || expiresIn <= 0) {
    return tokenFailure(FailureKind::kProtocol,
                        "the token endpoint's answer has no access_token or expires_in");
  }
  const int64_t lifetimeMs = expiresIn * 1000;
  const int64_t margin = std::min(kRefreshMarginMs, lifetimeMs / 2);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cache_[tokenCacheKey(tenant)] = {accessToken, nowMs + lifetimeMs - margin};
  }
  log::get(log::Id::kGraph)
      .info("graph {}: token for {} valid {} s", tenant.name, tenant.clientId, expiresIn);
  return accessToken;
}

}  // namespace enp
