#include "enp/source/imap/tls_connection.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstring>

#include "enp/source/imap/mailbox_error.h"

namespace enp::imap {
namespace {

using Clock = std::chrono::steady_clock;
// Linux: EWOULDBLOCK == EAGAIN, so only EAGAIN is tested.

int millisUntil(TlsConnection::Instant deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

// Waits for `events` on fd until the deadline: true when ready.
bool waitFor(int fd, short events, TlsConnection::Instant deadline) {
  pollfd p{fd, events, 0};
  while (true) {
    const int rc = poll(&p, 1, millisUntil(deadline));
    if (rc > 0) {
      return true;
    }
    if (rc == 0 || errno != EINTR) {
      return false;
    }
  }
}

std::string sslErrors() {
  std::string out;
  while (const unsigned long e = ERR_get_error()) {
    std::array<char, 256> buffer{};
    ERR_error_string_n(e, buffer.data(), buffer.size());
    out += out.empty() ? "" : "; ";
    out += buffer.data();
  }
  return out.empty() ? "no detail" : out;
}

Status unavailable(const std::string& words) {
  return mailboxError(MailboxErrorKind::kUnavailable, words);
}

bool isIpAddress(const std::string& host) {
  std::array<unsigned char, 16> buf{};
  return inet_pton(AF_INET, host.c_str(), buf.data()) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buf.data()) == 1;
}

}  // namespace

struct TlsConnection::SslState {
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  BIO* in = nullptr;   // socket -> OpenSSL (owned by ssl)
  BIO* out = nullptr;  // OpenSSL -> socket (owned by ssl)
  ~SslState() {
    if (ssl != nullptr) {
      SSL_free(ssl);
    }
    if (ctx != nullptr) {
      SSL_CTX_free(ctx);
    }
  }
};

TlsConnection::TlsConnection(int fd, std::string host, TlsOptions options)
    : fd_(fd), host_(std::move(host)), options_(std::move(options)) {}

TlsConnection::~TlsConnection() {
  ssl_.reset();
  ::close(fd_);
}

Result<std::unique_ptr<TlsConnection>> TlsConnection::open(const std::string& host, uint16_t port,
                                                           TlsOptions options) {
  const std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) {
    return unavailable("cannot resolve " + host + ": " + gai_strerror(rc));
  }
  const Instant deadline = Clock::now() + options.connectTimeout;
  std::string lastError = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd =
        socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      lastError = std::strerror(errno);
      continue;
    }
    int err = 0;
    if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      err = errno;
      if (err == EINPROGRESS) {
        if (waitFor(fd, POLLOUT, deadline)) {
          socklen_t len = sizeof err;
          getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        } else {
          err = ETIMEDOUT;
        }
      }
    }
    if (err == 0) {
      freeaddrinfo(found);
      return std::unique_ptr<TlsConnection>(new TlsConnection(fd, host, std::move(options)));
    }
    lastError = std::strerror(err);
    ::close(fd);
  }
  freeaddrinfo(found);
  return unavailable("cannot connect to " + where + ": " + lastError);
}

Status TlsConnection::sendRaw(std::string_view bytes, Instant deadline) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && errno == EAGAIN) {
      if (!waitFor(fd_, POLLOUT, deadline)) {
        return unavailable("timed out sending to " + host_);
      }
      continue;
    }
    return unavailable("the connection to " + host_ + " broke: " + std::strerror(errno));
  }
  return Status();
}

Result<std::string> TlsConnection::receiveRaw(Instant deadline) {
  std::array<char, 16384> buffer{};
  while (true) {
    const ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (n > 0) {
      return std::string(buffer.data(), static_cast<size_t>(n));
    }
    if (n == 0) {
      return unavailable("the server closed the connection");
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno != EAGAIN) {
      return unavailable("the connection to " + host_ + " broke: " + std::strerror(errno));
    }
    if (!waitFor(fd_, POLLIN, deadline)) {
      return std::string();
    }
  }
}

Status TlsConnection::flushTls(Instant deadline) {
  std::array<char, 16384> buffer{};
  while (BIO_ctrl_pending(ssl_->out) > 0) {
    const int n = BIO_read(ssl_->out, buffer.data(), static_cast<int>(buffer.size()));
    if (n <= 0) {
      break;
    }
    if (Status s = sendRaw(std::string_view(buffer.data(), static_cast<size_t>(n)), deadline);
        !s.ok()) {
      return s;
    }
  }
  return Status();
}

Status TlsConnection::startTls() {
  if (ssl_) {
    return Status();
  }
  auto state = std::make_unique<SslState>();
  state->ctx = SSL_CTX_new(TLS_client_method());
  if (state->ctx == nullptr) {
    return mailboxError(MailboxErrorKind::kInsecure, "cannot set up TLS: " + sslErrors());
  }
  SSL_CTX_set_min_proto_version(state->ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(state->ctx, SSL_VERIFY_PEER, nullptr);
  const int loaded = options_.caFile.empty() ? SSL_CTX_set_default_verify_paths(state->ctx)
                                             : SSL_CTX_load_verify_locations(
                                                   state->ctx, options_.caFile.c_str(), nullptr);
  if (loaded != 1) {
    ERR_clear_error();
    return mailboxError(MailboxErrorKind::kInsecure,
                        options_.caFile.empty()
                            ? std::string("cannot read the system's trusted certificates")
                            : "cannot read the CA file " + options_.caFile);
  }
  state->ssl = SSL_new(state->ctx);
  state->in = BIO_new(BIO_s_mem());
  state->out = BIO_new(BIO_s_mem());
  SSL_set_bio(state->ssl, state->in, state->out);
  if (isIpAddress(host_)) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(state->ssl), host_.c_str());
  } else {
    SSL_set_tlsext_host_name(state->ssl, host_.c_str());
    SSL_set1_host(state->ssl, host_.c_str());
  }
  ssl_ = std::move(state);
  const Instant deadline = Clock::now() + options_.connectTimeout;
  while (true) {
    const int rc = SSL_connect(ssl_->ssl);
    if (Status s = flushTls(deadline); !s.ok()) {
      ssl_.reset();
      return s;
    }
    if (rc == 1) {
      return Status();
    }
    const int err = SSL_get_error(ssl_->ssl, rc);
    if (err == SSL_ERROR_WANT_READ) {
      Result<std::string> bytes = receiveRaw(deadline);
      if (!bytes.ok() || bytes->empty()) {
        ssl_.reset();
        return bytes.ok() ? unavailable("timed out in the TLS handshake with " + host_)
                          : unavailable(
                                "the server closed the connection during the TLS "
                                "handshake");
      }
      BIO_write(ssl_->in, bytes->data(), static_cast<int>(bytes->size()));
      continue;
    }
    const long verify = SSL_get_verify_result(ssl_->ssl);
    std::string words;
    if (verify != X509_V_OK) {
      words = "the server's certificate is not trusted (" +
              std::string(X509_verify_cert_error_string(verify)) +
              "); if the server uses a private CA or a self-signed certificate, give its CA "
              "certificate as the CA file";
      ERR_clear_error();
    } else {
      words = "the TLS handshake with " + host_ + " failed: " + sslErrors();
    }
    ssl_.reset();
    return mailboxError(MailboxErrorKind::kInsecure, words);
  }
}

Status TlsConnection::write(std::string_view bytes, Instant deadline) {
  if (!ssl_) {
    return sendRaw(bytes, deadline);
  }
  while (!bytes.empty()) {
    const int n = SSL_write(ssl_->ssl, bytes.data(), static_cast<int>(bytes.size()));
    if (n <= 0) {
      return unavailable("TLS write to " + host_ + " failed: " + sslErrors());
    }
    bytes.remove_prefix(static_cast<size_t>(n));
    if (Status s = flushTls(deadline); !s.ok()) {
      return s;
    }
  }
  return Status();
}

Result<std::string> TlsConnection::read(Instant deadline) {
  if (!ssl_) {
    return receiveRaw(deadline);
  }
  std::array<char, 16384> buffer{};
  while (true) {
    const int n = SSL_read(ssl_->ssl, buffer.data(), static_cast<int>(buffer.size()));
    if (n > 0) {
      return std::string(buffer.data(), static_cast<size_t>(n));
    }
    const int err = SSL_get_error(ssl_->ssl, n);
    if (Status s = flushTls(deadline); !s.ok()) {
      return s;
    }
    if (err == SSL_ERROR_ZERO_RETURN) {
      return unavailable("the server closed the connection");
    }
    if (err != SSL_ERROR_WANT_READ) {
      return unavailable("TLS read from " + host_ + " failed: " + sslErrors());
    }
    Result<std::string> bytes = receiveRaw(deadline);
    if (!bytes.ok()) {
      return bytes.error();
    }
    if (bytes->empty()) {
      return std::string();
    }
    BIO_write(ssl_->in, bytes->data(), static_cast<int>(bytes->size()));
  }
}

}  // namespace enp::imap
