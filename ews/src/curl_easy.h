#pragma once

// What the blocking transport (curl_transport.cc) and the event-driven one (curl_multi.cc)
// share: one easy handle's configuration, one request's options, the reply's callbacks and the
// error they report. The only header that includes libcurl.

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>

#include "ews/transport.h"

namespace ews::curl {

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using EasyPtr = std::unique_ptr<CURL, EasyDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

/// Where the callbacks write one reply.
struct ReplyBuffer {
  HttpReply reply;
  bool tooLarge = false;
};

/// The options that stay for the handle's life: auth, TLS, timeouts, callbacks. The handle
/// keeps pointers into `options` and `errorBuffer`: both must outlive it. The first failing
/// option's code, or CURLE_OK.
CURLcode configure(CURL* h, const TransportOptions& options, char* errorBuffer);

/// One request on a configured handle: URL, method, body, headers (with "Expect:" removed, no
/// 100-continue) and the reply buffer. The handle keeps pointers into `request`, `*headers`
/// and `*buffer`: they must outlive the transfer. An Error for a header with CR or LF.
std::optional<Error> setRequest(CURL* h, const HttpRequest& request, SlistPtr* headers,
                                ReplyBuffer* buffer);

/// Drops the per-request pointers (headers, custom method) after a transfer.
void clearRequest(CURL* h);

/// The reply after a finished transfer with code `rc`, or a kTransport Error: from the error
/// buffer (else libcurl's text), with the password blanked out should it ever appear.
Result<HttpReply> finish(CURL* h, CURLcode rc, ReplyBuffer* buffer, const char* errorBuffer,
                         const std::string& password);

/// A kTransport Error for `rc` (see finish()).
Error transportError(CURLcode rc, const char* errorBuffer, const std::string& password);

}  // namespace ews::curl
