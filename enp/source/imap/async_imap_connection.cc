#include "enp/source/imap/async_imap_connection.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "enp/source/imap/mailbox_error.h"

namespace enp::imap {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

Status unavailable(const std::string& words) {
  return mailboxError(MailboxErrorKind::kUnavailable, words);
}

bool isIpAddress(const std::string& host) {
  error_code ec;
  (void)asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

AsyncImapConnection::AsyncImapConnection(asio::any_io_executor executor, asio::ssl::context& tls,
                                         ImapAccount account, SessionOptions options)
    : account_(std::move(account)),
      session_(std::move(options)),
      stream_(executor, tls),
      watchdog_(executor) {}

AsyncImapConnection::~AsyncImapConnection() {
  *alive_ = false;
  close();
}

AsyncImapConnection::Instant AsyncImapConnection::commandDeadline() const {
  return Clock::now() + account_.timeout;
}

void AsyncImapConnection::arm(Instant deadline) {
  timedOut_ = false;
  watchdog_.expires_at(deadline);
  std::weak_ptr<bool> alive = alive_;
  watchdog_.async_wait([this, alive](const error_code& ec) {
    const std::shared_ptr<bool> still = alive.lock();
    if (ec || !still || !*still) {
      return;
    }
    timedOut_ = true;
    error_code ignored;
    stream_.lowest_layer().cancel(ignored);
  });
}

void AsyncImapConnection::disarm() { watchdog_.cancel(); }

void AsyncImapConnection::close() {
  if (!open_) {
    return;
  }
  open_ = false;
  watchdog_.cancel();
  error_code ignored;
  stream_.lowest_layer().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.lowest_layer().close(ignored);
}

AsyncImapConnection::Awaitable<Status> AsyncImapConnection::handshake() {
  SSL* ssl = stream_.native_handle();
  if (isIpAddress(account_.host)) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), account_.host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl, account_.host.c_str());
    SSL_set1_host(ssl, account_.host.c_str());
  }
  stream_.set_verify_mode(asio::ssl::verify_peer);
  error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  arm(commandDeadline());
  co_await stream_.async_handshake(asio::ssl::stream_base::client, token);
  disarm();
  if (!ec) {
    tls_ = true;
    co_return Status();
  }
  if (timedOut_) {
    co_return unavailable("timed out in the TLS handshake with " + account_.host);
  }
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    co_return mailboxError(MailboxErrorKind::kInsecure,
                           "the server's certificate is not trusted (" +
                               std::string(X509_verify_cert_error_string(verify)) +
                               "); if the server uses a private CA or a self-signed "
                               "certificate, give its CA certificate as the CA file");
  }
  co_return mailboxError(MailboxErrorKind::kInsecure,
                         "the TLS handshake with " + account_.host + " failed: " + ec.message());
}

AsyncImapConnection::Awaitable<Status> AsyncImapConnection::connect() {
  asio::ip::tcp::resolver resolver(stream_.get_executor());
  error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  const std::string port = std::to_string(account_.port);
  auto endpoints = co_await resolver.async_resolve(account_.host, port, token);
  const std::string where = account_.host + ":" + port;
  if (ec) {
    co_return unavailable("cannot resolve " + account_.host + ": " + ec.message());
  }
  open_ = true;
  arm(commandDeadline());
  co_await asio::async_connect(stream_.lowest_layer(), endpoints, token);
  disarm();
  if (ec) {
    close();
    co_return unavailable("cannot connect to " + where + ": " +
                          (timedOut_ ? std::string("timed out") : ec.message()));
  }
  if (account_.security == Security::kImplicitTls) {
    if (Status s = co_await handshake(); !s.ok()) {
      close();
      co_return s;
    }
  }
  session_.connected(Clock::now());
  Result<event::LoggedIn> in = co_await waitFor<event::LoggedIn>(commandDeadline());
  co_return in.ok() ? Status() : in.error();
}

AsyncImapConnection::Awaitable<Status> AsyncImapConnection::pump(Instant deadline) {
  if (std::string out = session_.takeOutput(); !out.empty()) {
    error_code ec;
    auto token = asio::redirect_error(asio::use_awaitable, ec);
    auto bytes = asio::buffer(out);
    arm(deadline);
    if (tls_) {
      co_await asio::async_write(stream_, bytes, token);
    } else {
      co_await asio::async_write(stream_.next_layer(), bytes, token);
    }
    disarm();
    if (ec) {
      session_.connectionClosed(timedOut_ ? "write timed out" : ec.message());
      co_return Status();
    }
  }
  if (session_.wantsTls()) {
    Status shaken = co_await handshake();
    if (!shaken.ok()) {
      co_return shaken;
    }
    session_.tlsEstablished(Clock::now());
    co_return Status();
  }
  Instant until = deadline;
  if (const std::optional<Instant> timer = session_.deadline(); timer && *timer < until) {
    until = *timer;
  }
  error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  auto into = asio::buffer(buffer_);
  arm(until);
  size_t n = 0;
  if (tls_) {
    n = co_await stream_.async_read_some(into, token);
  } else {
    n = co_await stream_.next_layer().async_read_some(into, token);
  }
  disarm();
  if (ec && !timedOut_) {
    session_.connectionClosed(ec == asio::error::eof ? "the server closed the connection"
                                                     : ec.message());
  } else if (n > 0) {
    session_.receive(std::string_view(buffer_.data(), n), Clock::now());
  }
  session_.tick(Clock::now());
  co_return Status();
}

template <typename T>
AsyncImapConnection::Awaitable<Result<T>> AsyncImapConnection::waitFor(Instant deadline) {
  while (true) {
    while (std::optional<SessionEvent> e = session_.nextEvent()) {
      if (std::holds_alternative<event::Alert>(*e)) {
        continue;
      }
      if (auto* failed = std::get_if<event::Failed>(&*e)) {
        Status failure = failed->status;
        close();
        co_return failure;
      }
      if (auto* wanted = std::get_if<T>(&*e)) {
        T value = std::move(*wanted);
        co_return value;
      }
      events_.push_back(std::move(*e));
    }
    if (!open_) {
      co_return unavailable("not connected");
    }
    if (Clock::now() >= deadline) {
      co_return unavailable("no answer from " + account_.host + " in time");
    }
    Status s = co_await pump(deadline);
    if (!s.ok()) {
      close();
      co_return s;
    }
  }
}

AsyncImapConnection::Awaitable<Result<MailboxState>> AsyncImapConnection::examine() {
  if (Status s = session_.examine(Clock::now()); !s.ok()) {
    co_return s;
  }
  Result<event::Selected> selected = co_await waitFor<event::Selected>(commandDeadline());
  if (!selected.ok()) {
    co_return selected.error();
  }
  co_return selected->mailbox;
}

AsyncImapConnection::Awaitable<Result<event::Fetched>> AsyncImapConnection::fetchNewSince(
    uint32_t lastUid) {
  if (Status s = session_.fetchNewSince(lastUid, Clock::now()); !s.ok()) {
    co_return s;
  }
  Result<event::Fetched> fetched = co_await waitFor<event::Fetched>(commandDeadline());
  co_return fetched;
}

bool AsyncImapConnection::changeQueued() const {
  for (const SessionEvent& e : events_) {
    if (std::holds_alternative<event::MailboxChanged>(e)) {
      return true;
    }
  }
  return false;
}

AsyncImapConnection::Awaitable<Result<IdleOutcome>> AsyncImapConnection::idle(
    std::chrono::milliseconds wait) {
  if (changeQueued()) {
    events_.clear();
    co_return IdleOutcome::kMailboxChanged;
  }
  if (Status s = session_.startIdle(Clock::now()); !s.ok()) {
    co_return s;
  }
  const Instant until = Clock::now() + wait;
  Result<event::IdleStarted> started = co_await waitFor<event::IdleStarted>(commandDeadline());
  if (!started.ok()) {
    co_return started.error();
  }
  IdleOutcome outcome = IdleOutcome::kMailboxChanged;
  if (!changeQueued()) {
    Result<event::MailboxChanged> changed = co_await waitFor<event::MailboxChanged>(until);
    if (!changed.ok()) {
      if (!open_) {
        co_return changed.error();
      }
      outcome = IdleOutcome::kTimedOut;
    }
  }
  if (Status s = session_.stopIdle(Clock::now()); !s.ok()) {
    co_return s;
  }
  Result<event::IdleStopped> stopped = co_await waitFor<event::IdleStopped>(commandDeadline());
  if (!stopped.ok()) {
    co_return stopped.error();
  }
  events_.clear();
  co_return outcome;
}

AsyncImapConnection::Awaitable<Result<uint32_t>> AsyncImapConnection::poll() {
  if (Status s = session_.noop(Clock::now()); !s.ok()) {
    co_return s;
  }
  Result<event::Polled> polled = co_await waitFor<event::Polled>(commandDeadline());
  if (!polled.ok()) {
    co_return polled.error();
  }
  events_.clear();
  co_return polled->exists;
}

AsyncImapConnection::Awaitable<Status> AsyncImapConnection::logout() {
  if (!open_) {
    co_return Status();
  }
  if (Status s = session_.logout(Clock::now()); !s.ok()) {
    close();
    co_return s;
  }
  Result<event::LoggedOut> out = co_await waitFor<event::LoggedOut>(commandDeadline());
  close();
  co_return out.ok() ? Status() : out.error();
}

}  // namespace enp::imap
