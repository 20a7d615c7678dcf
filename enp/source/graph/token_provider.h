#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <variant>

#include "enp/common/clock.h"
#include "enp/common/metrics.h"
#include "enp/config/graph_tenant.h"
#include "enp/decide/failure.h"
#include "enp/http/transport_factory.h"

namespace enp {

/// Access tokens for Microsoft Graph: OAuth 2.0 client credentials at the tenant's token
/// endpoint ({authorityUrl}/{tenantId}/oauth2/v2.0/token, scope {graphUrl}/.default), with a
/// client assertion signed by the certificate's key (ClientAssertion) or the client secret.
/// A token is kept until kRefreshMargin before it expires (half its lifetime when shorter), so
/// Graph calls cost no token request; a refused credential is explained in plain words
/// (explainAadError).
///
/// How the last token requests for one tenant went (the console's dashboard).
struct TokenState {
  int64_t lastIssuedAt = 0;  ///< ms; 0 = none since the daemon started.
  int64_t lastErrorAt = 0;   ///< ms; 0 = none since the daemon started.
  std::string lastError;     ///< Failure::detail: Entra ID's code and words, never a secret.
  std::string advice;        ///< What to fix.
};

/// Thread safety: every member may be called from any thread. One token request at a time;
/// callers waiting meanwhile get its token.
class TokenProvider {
 public:
  static constexpr int64_t kRefreshMarginMs = 5 * 60'000;

  /// With `metrics`, each token request is counted:
  /// enp_graph_tenant_token_requests_total{tenant, result="issued"|"failed"}.
  TokenProvider(TransportFactory transports, const Clock& clock, Metrics* metrics = nullptr)
      : transports_(std::move(transports)), clock_(clock), metrics_(metrics) {}

  /// A token for `tenant`, or why there is none: kAuth with advice when Entra ID refused the
  /// credential (400/401), kNotConfigured when the certificate or key cannot be read or no
  /// secret is set, kBusy for 429 (Retry-After), kUnreachable otherwise. system "graph".
  std::variant<std::string, Failure> token(const GraphTenant& tenant);

  /// Forgets `tenant`'s token (Graph answered 401 with it): the next token() asks again.
  void invalidate(const GraphTenant& tenant);

  /// Token requests made (tests: the cache works).
  int64_t requestsForTest() const;

  /// The outcome of the requests so far, by tenant name.
  std::map<std::string, TokenState> states() const;

 private:
  struct Cached {
    std::string accessToken;
    int64_t refreshAtMs = 0;
  };
  std::variant<std::string, Failure> fetch(const GraphTenant& tenant, int64_t nowMs);
  std::variant<std::string, Failure> request(const GraphTenant& tenant, int64_t nowMs);

  const TransportFactory transports_;
  const Clock& clock_;
  Metrics* const metrics_;

  std::mutex fetchMutex_;  // one token request at a time
  mutable std::mutex mutex_;
  std::map<std::string, Cached> cache_;       // GUARDED_BY(mutex_): by cacheKey()
  int64_t requests_ = 0;                      // GUARDED_BY(mutex_)
  std::map<std::string, TokenState> states_;  // GUARDED_BY(mutex_): by tenant name
};

/// What identifies a token: the tenant's name, endpoint, client id and credential (a digest of
/// the secret, the certificate and key paths), so a settings change never reuses an old token.
std::string tokenCacheKey(const GraphTenant& tenant);

}  // namespace enp
