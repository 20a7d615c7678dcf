#include "curl_easy.h"

#include <string_view>

#include "curl_names.h"

static_assert(CURLE_COULDNT_CONNECT == 7 && CURLE_OPERATION_TIMEDOUT == 28 &&
                  CURLE_PEER_FAILED_VERIFICATION == 60 && CURLE_AUTH_ERROR == 94,
              "curl_names.cc assumes libcurl's stable CURLcode numbers");

namespace ews::curl {
namespace {

// Replies larger than this are cut off with a kTransport error: EWS answers for a few items are
// kilobytes, so this only stops a misbehaving server from exhausting memory.
constexpr size_t kMaxReplyBytes = 64 * 1024 * 1024;

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

}  // namespace

CURLcode configure(CURL* h, const TransportOptions& options, char* errorBuffer) {
  const Auth& auth = options.auth;
  CURLcode first = CURLE_OK;
  const auto check = [&first](CURLcode rc) {
    if (rc != CURLE_OK && first == CURLE_OK) {
      first = rc;
    }
  };
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options.connectTimeoutMs);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options.totalTimeoutMs);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options.verifyPeer ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options.verifyPeer ? 2L : 0L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, onHeader);
  if (!options.caFile.empty()) {
    check(curl_easy_setopt(h, CURLOPT_CAINFO, options.caFile.c_str()));
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
  return first;
}

std::optional<Error> setRequest(CURL* h, const HttpRequest& request, SlistPtr* headers,
                                ReplyBuffer* buffer) {
  Headers all = request.headers;
  all.emplace_back("Expect", "");  // An empty value removes the header: no 100-continue.
  SlistPtr list;
  for (const auto& [name, value] : all) {
    if ((name + value).find_first_of("\r\n") != std::string::npos) {
      return Error::transport("CURLE_BAD_FUNCTION_ARGUMENT", "header contains CR or LF");
    }
    const std::string line = value.empty() ? name + ":" : name + ": " + value;
    curl_slist* next = curl_slist_append(list.get(), line.c_str());
    if (!next) {
      return Error::transport(curlCodeName(CURLE_OUT_OF_MEMORY), "out of memory");
    }
    list.release();
    list.reset(next);
  }
  *headers = std::move(list);
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, nullptr);
  } else {
    // POST's body handling for every method that is not GET; PATCH and DELETE by name.
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST,
                     request.method == "POST" ? nullptr : request.method.c_str());
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers->get());
  curl_easy_setopt(h, CURLOPT_WRITEDATA, buffer);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, buffer);
  return std::nullopt;
}

void clearRequest(CURL* h) {
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, nullptr);
}

Error transportError(CURLcode rc, const char* errorBuffer, const std::string& password) {
  std::string message =
      errorBuffer != nullptr && errorBuffer[0] != '\0' ? errorBuffer : curl_easy_strerror(rc);
  for (size_t pos; password.size() >= 4 && (pos = message.find(password)) != std::string::npos;) {
    message.replace(pos, password.size(), "***");
  }
  return Error::transport(curlCodeName(static_cast<int>(rc)), message);
}

Result<HttpReply> finish(CURL* h, CURLcode rc, ReplyBuffer* buffer, const char* errorBuffer,
                         const std::string& password) {
  if (buffer->tooLarge) {
    return Error::transport("CURLE_WRITE_ERROR", "reply larger than the transport's limit");
  }
  if (rc != CURLE_OK) {
    return transportError(rc, errorBuffer, password);
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &buffer->reply.status);
  return std::move(buffer->reply);
}

}  // namespace ews::curl
