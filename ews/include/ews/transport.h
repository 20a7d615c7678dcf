#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ews/result.h"

namespace ews {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  /// POST (the default: every EWS request), or GET, PATCH, DELETE for JSON APIs (Graph); a GET
  /// or DELETE sends no body.
  std::string method = "POST";
  std::string url;
  std::string body;
  Headers headers;  ///< Besides what the transport sets (Content-Type is the caller's).
};

struct HttpReply {
  long status = 0;
  std::string body;
  Headers headers;  ///< Response headers, names as sent.

  /// Case-insensitive header look-up; empty when absent.
  std::string header(const std::string& name) const;
};

/// How to authenticate to an HTTP server. libcurl implements all of them.
struct Auth {
  enum class Type { kNone, kBasic, kNtlm, kNegotiate, kCertificate };
  Type type = Type::kNone;
  std::string username;
  std::string password;
  std::string certFile;  ///< PEM client certificate (kCertificate).
  std::string keyFile;   ///< PEM private key (kCertificate).
};
const char* toString(Auth::Type t);
bool parseAuthType(const std::string& s, Auth::Type* out);

struct TransportOptions {
  Auth auth;
  std::string caFile;      ///< PEM bundle; empty = the system's trust store.
  bool verifyPeer = true;  ///< TLS verification; only tests turn it off.
  long connectTimeoutMs = 5000;
  long totalTimeoutMs = 30000;
};

/// Sends one HTTP request (POST unless request.method says otherwise) and returns the reply, or a
/// kTransport Error when no HTTP answer came. Any HTTP status is a reply, not an Error: callers
/// classify them.
///
/// Thread safety: an instance is used by one thread at a time (it owns a connection).
class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<HttpReply> post(const HttpRequest& request) = 0;
};
using TransportPtr = std::unique_ptr<Transport>;

/// The libcurl transport: keeps its connection alive between calls.
/// curlGlobalInit() must have been called once before any thread starts.
TransportPtr makeCurlTransport(const TransportOptions& options);
void curlGlobalInit();

}  // namespace ews
