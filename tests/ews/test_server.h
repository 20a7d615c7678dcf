#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

// An in-process HTTP(S) server on 127.0.0.1, port chosen by the kernel, for transport tests.

namespace ews::test {

struct RecordedRequest {
  std::string method;
  std::string uri;
  std::string body;
  std::map<std::string, std::string> headers;  ///< Names lower-cased.
  uint16_t clientPort = 0;                     ///< Same port = same TCP connection.
};

class TestHttpServer {
 public:
  /// Writes the reply for one request; runs on a server thread.
  using Handler = std::function<void(const RecordedRequest&, Poco::Net::HTTPServerResponse&)>;

  /// Plain HTTP when tls is null, HTTPS with that server context otherwise.
  explicit TestHttpServer(Handler handler, Poco::Net::Context::Ptr tls = nullptr);
  ~TestHttpServer();

  std::string url(const std::string& path = "/EWS/Exchange.asmx") const;
  std::vector<RecordedRequest> requests() const;

  /// Sends status, the given headers and body with a Content-Length (keeps the connection).
  static void reply(Poco::Net::HTTPServerResponse& response, int status, const std::string& body,
                    const std::vector<std::pair<std::string, std::string>>& headers = {});

 private:
  class Factory;
  void record(const RecordedRequest& r);

  Handler handler_;
  bool tls_;
  uint16_t port_ = 0;
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

/// Generates a self-signed certificate for CN=localhost / IP 127.0.0.1 with openssl into dir
/// (<name>.pem and <name>.key); fails the test when openssl fails.
void makeSelfSignedCert(const std::string& dir, const std::string& name);

}  // namespace ews::test
