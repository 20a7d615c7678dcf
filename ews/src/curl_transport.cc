// The only file that includes libcurl.
#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "curl_names.h"
#include "ews/transport.h"

static_assert(CURLE_COULDNT_CONNECT == 7 && CURLE_OPERATION_TIMEDOUT == 28 &&
                  CURLE_PEER_FAILED_VERIFICATION == 60 && CURLE_AUTH_ERROR == 94,
              "curl_names.cc assumes libcurl's stable CURLcode numbers");

namespace ews {
namespace {

// Replies larger than this are cut off with a kTransport error: EWS answers for a few items are
// kilobytes, so this only stops a misbehaving server from exhausting memory.
constexpr size_t kMaxReplyBytes = 64 * 1024 * 1024;

struct CurlDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

// Where the callbacks write one reply.
struct ReplyBuffer {
  HttpReply reply;
  bool tooLarge = false;
};

size_t onBody(char* data, size_t size, size_t count, void* user) {
  auto* buf = static_cast<ReplyBuffer*>(user);
  const size_t n = size * count;
  if (buf->reply.body.size() + n > kMaxReplyBytes) {
    buf->tooLarge = true;
    return 0;
  }
  buf->reply.body.append(data, n);
  return n;
}

// One header line per call. A status line starts a new response (after a 100 Continue or an
// authentication round trip), so only the final response's headers are kept.
size_t onHeader(char* data, size_t size, size_t count, void* user) {
  auto* buf = static_cast<ReplyBuffer*>(user);
  const size_t n = size * count;
  std::string_view line(data, n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
    line.remove_suffix(1);
  }
  if (line.starts_with("HTTP/")) {
    buf->reply.headers.clear();
    return n;
  }
  const size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    buf->reply.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return n;
}

long curlAuth(Auth::Type type) {
  switch (type) {
    case Auth::Type::kBasic:
      return CURLAUTH_BASIC;
    case Auth::Type::kNtlm:
      return CURLAUTH_NTLM;
    case Auth::Type::kNegotiate:
      return CURLAUTH_NEGOTIATE;
    default:
      return CURLAUTH_NONE;
  }
}

class CurlTransport : public Transport {
 public:
  explicit CurlTransport(const TransportOptions& options)
      : options_(options), handle_(curl_easy_init()) {
    if (!handle_) {
      setupError_ = CURLE_FAILED_INIT;
      return;
    }
    configure();
  }

  Result<HttpReply> post(const HttpRequest& request) override {
    if (setupError_ != CURLE_OK) {
      return fail(setupError_);
    }
    Headers headers = request.headers;
    headers.emplace_back("Expect", "");  // An empty value removes the header: no 100-continue.
    SlistPtr list;
    for (const auto& [name, value] : headers) {
      if ((name + value).find_first_of("\r\n") != std::string::npos) {
        return Error::transport("CURLE_BAD_FUNCTION_ARGUMENT", "header contains CR or LF");
      }
      const std::string line = value.empty() ? name + ":" : name + ": " + value;
      curl_slist* next = curl_slist_append(list.get(), line.c_str());
      if (!next) {
        return fail(CURLE_OUT_OF_MEMORY);
      }
      list.release();
      list.reset(next);
    }
    ReplyBuffer buf;
    CURL* h = handle_.get();
    errorBuffer_[0] = '\0';
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    if (request.method == "GET") {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, nullptr);
    } else {
      // POST's body handling for every method that is not GET; PATCH and DELETE by name.
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST,
                       request.method == "POST" ? nullptr : request.method.c_str());
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list.get());
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &buf);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &buf);
    const CURLcode rc = curl_easy_perform(h);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);     // list dies at the end of this call.
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, nullptr);  // request.method too.
    if (buf.tooLarge) {
      return Error::transport("CURLE_WRITE_ERROR", "reply larger than the transport's limit");
    }
    if (rc != CURLE_OK) {
      return fail(rc);
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &buf.reply.status);
    return std::move(buf.reply);
  }

 private:
  void configure() {
    CURL* h = handle_.get();
    const Auth& auth = options_.auth;
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer_);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options_.connectTimeoutMs);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options_.totalTimeoutMs);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options_.verifyPeer ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options_.verifyPeer ? 2L : 0L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, onHeader);
    if (!options_.caFile.empty()) {
      check(curl_easy_setopt(h, CURLOPT_CAINFO, options_.caFile.c_str()));
    }
    if (auth.type == Auth::Type::kCertificate) {
      check(curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM"));
      check(curl_easy_setopt(h, CURLOPT_SSLCERT, auth.certFile.c_str()));
      check(curl_easy_setopt(h, CURLOPT_SSLKEY, auth.keyFile.c_str()));
    } else if (auth.type != Auth::Type::kNone) {
      check(curl_easy_setopt(h, CURLOPT_HTTPAUTH, curlAuth(auth.type)));
      if (auth.type == Auth::Type::kNegotiate && auth.username.empty()) {
        // GSS-API takes the identity from the credential cache; libcurl still needs a user.
        check(curl_easy_setopt(h, CURLOPT_USERPWD, ":"));
      } else {
        check(curl_easy_setopt(h, CURLOPT_USERNAME, auth.username.c_str()));
        check(curl_easy_setopt(h, CURLOPT_PASSWORD, auth.password.c_str()));
      }
    }
  }

  void check(CURLcode rc) {
    if (rc != CURLE_OK && setupError_ == CURLE_OK) {
      setupError_ = rc;
    }
  }

  // A kTransport Error from the error buffer (or libcurl's generic text), with the password
  // blanked out should it ever appear.
  Error fail(CURLcode rc) const {
    std::string message = errorBuffer_[0] != '\0' ? errorBuffer_ : curl_easy_strerror(rc);
    const std::string& secret = options_.auth.password;
    for (size_t pos; secret.size() >= 4 && (pos = message.find(secret)) != std::string::npos;) {
      message.replace(pos, secret.size(), "***");
    }
    return Error::transport(curlCodeName(static_cast<int>(rc)), message);
  }

  const TransportOptions options_;
  CurlPtr handle_;
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
