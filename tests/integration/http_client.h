#pragma once

// A plain HTTP(S) client for integration tests (Poco; certificate checks off for the admin
// listener's self-signed certificate).

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace itest {

struct HttpResult {
  int status = 0;
  std::string body;
  std::string contentType;
  std::vector<std::pair<std::string, std::string>> headers;  ///< Response headers, in order.

  /// The first header of that name (case-insensitive), "" when absent.
  std::string header(const std::string& name) const;
};

/// One request on a fresh connection. url: http(s)://host:port/path.
HttpResult httpRequest(const std::string& method, const std::string& url,
                       const std::string& body = "", const std::string& contentType = "",
                       const std::vector<std::pair<std::string, std::string>>& headers = {});

/// A POST of `bodyBytes` bytes written whole before anything is read, as clients do that send
/// the request first and read the answer after (Python's urllib): the request line, Host,
/// Content-Length and `headers`, then the body, on a fresh connection (TLS for https, no
/// certificate check); then it reads until the server closes. Returns what it read; when the
/// connection broke (a reset while writing or reading), what was read so far and *error set.
std::string postWholeThenRead(const std::string& url, size_t bodyBytes,
                              const std::vector<std::pair<std::string, std::string>>& headers,
                              std::string* error);

/// The value of a Prometheus series in /metrics text (0 when absent).
double metricValue(const std::string& metricsText, const std::string& series);

}  // namespace itest
