// The blocking libcurl transport: one easy handle, kept alive between calls.
#include <memory>
#include <mutex>

#include "curl_easy.h"
#include "ews/transport.h"

namespace ews {
namespace {

class CurlTransport : public Transport {
 public:
  explicit CurlTransport(const TransportOptions& options)
      : options_(options), handle_(curl_easy_init()) {
    setupError_ =
        handle_ ? curl::configure(handle_.get(), options_, errorBuffer_) : CURLE_FAILED_INIT;
  }

  Result<HttpReply> post(const HttpRequest& request) override {
    if (setupError_ != CURLE_OK) {
      return curl::transportError(setupError_, errorBuffer_, options_.auth.password);
    }
    curl::SlistPtr headers;
    curl::ReplyBuffer buffer;
    CURL* h = handle_.get();
    if (auto bad = curl::setRequest(h, request, &headers, &buffer)) {
      return *bad;
    }
    errorBuffer_[0] = '\0';
    const CURLcode rc = curl_easy_perform(h);
    curl::clearRequest(h);  // headers and request.method die at the end of this call
    return curl::finish(h, rc, &buffer, errorBuffer_, options_.auth.password);
  }

 private:
  const TransportOptions options_;
  curl::EasyPtr handle_;
  char errorBuffer_[CURL_ERROR_SIZE] = {};
  CURLcode setupError_ = CURLE_OK;
};

}  // namespace

TransportPtr makeCurlTransport(const TransportOptions& options) {
  return std::make_unique<CurlTransport>(options);
}

void curlGlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace ews
