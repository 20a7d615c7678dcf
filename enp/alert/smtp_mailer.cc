// libcurl for SMTP: this file and ews/src/curl_transport.cc are the only ones that include it.
#include "enp/alert/smtp_mailer.h"

#include <curl/curl.h>
#include <unistd.h>

#include <cstring>

#include "enp/common/log_text.h"

static_assert(CURLE_COULDNT_CONNECT == 7 && CURLE_USE_SSL_FAILED == 64 &&
                  CURLE_LOGIN_DENIED == 67 && CURLE_PEER_FAILED_VERIFICATION == 60,
              "the mapping below assumes libcurl's stable CURLcode numbers");

namespace enp {
namespace {

struct CurlDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t readBody(char* buffer, size_t size, size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, up->data->size() - up->offset);
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

// The server's last reply line: what it said when it refused (never our commands, which hold
// the credentials of AUTH).
int onDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type == CURLINFO_HEADER_IN) {
    std::string line(data, size);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
      line.pop_back();
    }
    *static_cast<std::string*>(user) = line;
  }
  return 0;
}

// Asked about every second and after each chunk: a non-zero answer aborts the transfer.
int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::atomic<bool>*>(user)->load() ? 1 : 0;
}

std::string localName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') {
    return "localhost";
  }
  return name;
}

std::string hostPort(const SmtpSettings& s) {
  const std::string host = s.host.find(':') != std::string::npos ? "[" + s.host + "]" : s.host;
  return host + ":" + std::to_string(s.port);
}

std::string withCode(long code, const std::string& words) {
  return code > 0 ? std::to_string(code) + " " + words : words;
}

// CURLcode + the SMTP reply code in plain words for the administrator.
Status explain(CURLcode rc, long code, const std::string& curlError, const std::string& serverLine,
               const SmtpSettings& s, std::chrono::milliseconds total) {
  const std::string where = hostPort(s);
  const std::string said =
      serverLine.empty() ? "" : " (the server said: " + forLog(serverLine) + ")";
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return Status::unavailable("host not found: " + forLog(s.host) +
                                 " does not resolve (check smtp.host and DNS)");
    case CURLE_COULDNT_CONNECT:
      return Status::unavailable("connection refused or unreachable: " + forLog(where) +
                                 " (check smtp.host and smtp.port, and that the firewall lets "
                                 "ENP reach it)");
    case CURLE_OPERATION_TIMEDOUT:
      return Status::unavailable("no answer from " + forLog(where) + " within " +
                                 std::to_string(total.count() / 1000) +
                                 " s (a firewall dropping the connection, or the wrong port "
                                 "for the security mode)");
    case CURLE_PEER_FAILED_VERIFICATION:
      return Status::unavailable("certificate not trusted: " + forLog(curlError) +
                                 " (set smtp.caFile to the CA that signed the server's "
                                 "certificate, and use the host name it was issued for)");
    case CURLE_SSL_CACERT_BADFILE:
      return Status::invalid("smtp.caFile cannot be read as PEM certificates: " + forLog(s.caFile));
    case CURLE_USE_SSL_FAILED:
      return Status::unavailable(
          "STARTTLS not offered by " + forLog(where) +
          ": ENP never sends mail or credentials unencrypted (use security tls on port 465, or "
          "a server that offers STARTTLS)");
    case CURLE_SSL_CONNECT_ERROR:
      return Status::unavailable("TLS handshake with " + forLog(where) +
                                 " failed: " + forLog(curlError) +
                                 " (security tls needs TLS from the first byte, usually port "
                                 "465; port 587 and 25 use starttls)");
    case CURLE_LOGIN_DENIED:
      return Status::unavailable(
          withCode(code,
                   "authentication failed: check smtp.username (the full address) and "
                   "smtp.password (iCloud and Gmail need an app-specific password)") +
          said);
    default:
      break;
  }
  if (code == 530) {
    return Status::unavailable(
        "530 authentication required: the server accepts mail only from signed-in users (set "
        "smtp.username and smtp.password)" +
        said);
  }
  if (curlError.rfind("RCPT", 0) == 0) {
    return Status::unavailable(withCode(code, "recipient refused") + said);
  }
  if (curlError.rfind("MAIL", 0) == 0) {
    return Status::unavailable(
        withCode(code, "sender refused: the server does not accept mail from smtp.from") + said);
  }
  if (rc == CURLE_GOT_NOTHING || rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR) {
    return Status::unavailable(
        withCode(code, "the server ended the conversation: " +
                           forLog(curlError.empty() ? curl_easy_strerror(rc) : curlError)) +
        said);
  }
  return Status::unavailable(
      withCode(code, std::string("sending failed: ") + curl_easy_strerror(rc) +
                         (curlError.empty() ? "" : ": " + forLog(curlError))) +
      said);
}

}  // namespace

Status SmtpMailer::send(const SmtpSettings& s, const OutgoingMail& mail) {
  if (s.host.empty()) {
    return Status::invalid("smtp.host: not set");
  }
  if (mail.to.empty()) {
    return Status::invalid("recipients: none");
  }
  if (s.security == SmtpSecurity::kNone && !s.username.empty()) {
    return Status::invalid(
        "smtp.security: credentials are never sent unencrypted: use starttls or tls");
  }
  std::unique_ptr<CURL, CurlDeleter> handle(curl_easy_init());
  if (!handle) {
    return Status::internal("libcurl could not start");
  }
  CURL* h = handle.get();
  std::unique_ptr<curl_slist, SlistDeleter> rcpt;
  for (const auto& to : mail.to) {
    curl_slist* next = curl_slist_append(rcpt.get(), ("<" + to + ">").c_str());
    if (next == nullptr) {
      return Status::internal("out of memory");
    }
    rcpt.release();
    rcpt.reset(next);
  }
  const std::string url = std::string(s.security == SmtpSecurity::kTls ? "smtps://" : "smtp://") +
                          hostPort(s) + "/" + localName();
  const std::string from = "<" + mail.from + ">";
  char errorBuffer[CURL_ERROR_SIZE] = {};
  std::string serverLine;
  Upload upload{&mail.data};
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(
      h, CURLOPT_USE_SSL,
      static_cast<long>(s.security == SmtpSecurity::kNone ? CURLUSESSL_NONE : CURLUSESSL_ALL));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!s.caFile.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO, s.caFile.c_str());
  }
  if (!s.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, s.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, s.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, readBody);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mail.data.size()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts_.connect.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts_.total.count()));
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, onDebug);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &serverLine);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);  // feeds onDebug; nothing is printed
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, onProgress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &cancelled_);
  if (cancelled_.load()) {
    return Status::unavailable("ENP is stopping");
  }
  const CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_ABORTED_BY_CALLBACK) {
    return Status::unavailable("ENP is stopping");
  }
  if (rc == CURLE_OK) {
    return Status();
  }
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  return explain(rc, code, errorBuffer, serverLine, s, timeouts_.total);
}

}  // namespace enp
