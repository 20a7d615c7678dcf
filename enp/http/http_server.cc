#include "enp/http/http_server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "enp/common/log.h"
#include "enp/http/async_handler.h"
#include "enp/http/http_util.h"
#include "enp/http/poco_bridge.h"

namespace enp::http {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;
using Millis = std::chrono::milliseconds;

// A connection's executor, named rather than type-erased: an any_io_executor holds a strand on
// the heap and allocates a new one whenever an operation tracks work on it (each read, write
// and wait of every connection).
using Strand = net::strand<net::io_context::executor_type>;
using TcpStream = beast::basic_stream<tcp, Strand>;
using Socket = TcpStream::socket_type;
using Timer = net::basic_waitable_timer<std::chrono::steady_clock,
                                        net::wait_traits<std::chrono::steady_clock>, Strand>;

constexpr size_t kDiscardBytes = 16384;  // read at a time while lingering
constexpr size_t kFirstRead = 1024;      // a waiting connection's buffer, grown as requests need

struct HttpServer::Core : std::enable_shared_from_this<HttpServer::Core> {
  explicit Core(HttpServerOptions o)
      : options(std::move(o)),
        table(std::make_shared<ConnectionTable>(options.limits)),
        pool(static_cast<size_t>(std::max(1, options.handlerThreads))) {}

  const HttpServerOptions options;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  // Replaced by reloadTls(); a connection's SSL object holds its own reference to the context
  // it was made from, so the old one may go while its connections live.
  std::shared_ptr<ssl::context> tls;  // GUARDED_BY(tlsMutex)
  std::mutex tlsMutex;
  std::shared_ptr<ssl::context> currentTls() {
    std::lock_guard<std::mutex> lock(tlsMutex);
    return tls;
  }
  std::shared_ptr<ConnectionTable> table;
  net::thread_pool pool;
  std::optional<net::thread_pool> asyncPool;  // when the factory has AsyncRoutes
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory;
  AsyncRoutes* asyncRoutes = nullptr;  // the factory's, when it has some
  std::vector<std::thread> ioThreads;
  std::atomic<bool> stopping{false};

  Counter* refusedTotal = nullptr;
  Counter* refusedAddress = nullptr;
  Counter* idleClosed = nullptr;
  Counter* headerTimeouts = nullptr;
  Counter* bodyTimeouts = nullptr;
  Counter* idleTimeouts = nullptr;
  Counter dummy;

  void accept();
};

namespace {

/// How the connection table closes a connection: first its TLS detection, then its session.
class Closer {
 public:
  void set(std::function<void()> close) {
    std::lock_guard<std::mutex> lock(mutex_);
    close_ = std::move(close);
  }
  void operator()() {
    std::function<void()> close;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      close = close_;
    }
    if (close) {
      close();
    }
  }

 private:
  std::mutex mutex_;
  std::function<void()> close_;
};

// A JSON error answer written by the listener itself (no handler ran).
RawResponse listenerAnswer(int status, const std::string& message) {
  RawResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = "{\"error\":\"" + message + "\"}";
  r.keepAlive = false;
  return r;
}

Poco::Net::SocketAddress toPoco(const tcp::endpoint& e) {
  return Poco::Net::SocketAddress(e.address().to_string(), e.port());
}

/// One connection: reads requests within their deadlines, runs each on a handler thread, writes
/// the answers, and closes (lingering after an unread body). Everything but the handler runs on
/// the connection's strand.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(std::shared_ptr<HttpServer::Core> core, Stream stream, beast::flat_buffer buffer,
          uint64_t id, bool secure)
      : core_(std::move(core)),
        stream_(std::move(stream)),
        buffer_(std::move(buffer)),
        timer_(stream_.get_executor()),
        id_(id),
        secure_(secure) {}

  ~Session() { core_->table->remove(id_); }

  Stream& stream() { return stream_; }
  const std::shared_ptr<HttpServer::Core>& core() const { return core_; }
  Socket& socket() { return beast::get_lowest_layer(stream_).socket(); }

  /// Starts serving (after the TLS handshake, when there is one).
  void start() { waitForRequest(); }

  /// From another thread: end the connection if it is between requests, else after the answer.
  void closeSoon() {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->closeAfterAnswer_ = true;
      if (!self->inHandler_ && !self->writing_) {
        self->closeNow();
      }
    });
  }

  /// Answers a request that was not parsed (bad request, headers too large) and closes.
  void refuse(int status, const std::string& message) {
    closeAfterAnswer_ = true;
    write(listenerAnswer(status, message), /*head=*/false, /*version=*/11);
  }

 private:
  // When the deadline passes before cancelDeadline(): counts the timeout (when `counter` is
  // set) and runs `onTimeout` on the strand.
  void deadline(Millis d, void (Session::*onTimeout)(), Counter* counter = nullptr) {
    timedOut_ = false;
    timer_.expires_after(d);
    timer_.async_wait([self = this->shared_from_this(), onTimeout, counter](beast::error_code ec) {
      if (!ec) {
        self->timedOut_ = true;
        if (counter != nullptr) {
          counter->inc();
        }
        ((*self).*onTimeout)();
      }
    });
  }
  void cancelDeadline() { timer_.cancel(); }
  void closeOnTimeout() { closeNow(); }
  void cancelRead() {
    beast::error_code ignored;
    socket().cancel(ignored);
  }

  // Between requests: idle until the first byte of the next (keep-alive), or at once when bytes
  // are buffered already (the first request, pipelining).
  void waitForRequest() {
    if (closeAfterAnswer_ || core_->stopping) {
      closeNow();
      return;
    }
    if (buffer_.size() > 0) {
      readHeader();
      return;
    }
    if (served_ > 0) {
      core_->table->setIdle(id_, true);
      deadline(core_->options.keepAlive, &Session::closeOnTimeout, core_->idleTimeouts);
      idleWait_ = true;
    } else {
      deadline(core_->options.headerTimeout, &Session::closeOnTimeout, core_->headerTimeouts);
    }
    // As much as the buffer holds already: a kept-alive connection's next request in one read.
    const size_t room = std::max(kFirstRead, buffer_.capacity() - buffer_.size());
    stream_.async_read_some(buffer_.prepare(room), [self = this->shared_from_this()](
                                                       beast::error_code ec, std::size_t n) {
      self->buffer_.commit(n);
      const bool idle = self->idleWait_;
      self->idleWait_ = false;
      if (ec || n == 0) {
        self->closeNow();
        return;
      }
      self->core_->table->setIdle(self->id_, false);
      if (idle) {
        self->cancelDeadline();
        self->readHeader();
      } else {
        self->readHeaderWithin();  // the first request's header deadline keeps running
      }
    });
  }

  void readHeader() {
    deadline(core_->options.headerTimeout, &Session::closeOnTimeout, core_->headerTimeouts);
    readHeaderWithin();
  }

  void readHeaderWithin() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(core_->options.maxHeaderBytes));
    // Checked below against Content-Length, so that the handler can answer 413.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    beast::http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec == beast::http::error::header_limit) {
            self->cancelDeadline();
            self->refuse(431, "request headers too large");
          } else if (ec == beast::http::error::end_of_stream || self->timedOut_ ||
                     ec == net::error::operation_aborted) {
            self->closeNow();
          } else if (ec) {
            self->cancelDeadline();
            beast::error_code peerError;
            log::get(log::Id::kHttp)
                .info("{}: malformed request from {} refused (400): {}", self->core_->options.name,
                      self->socket().remote_endpoint(peerError).address().to_string(),
                      ec.message());
            self->refuse(400, "malformed request");
          } else {
            self->cancelDeadline();
            self->onHeader();
          }
        });
  }

  void onHeader() {
    auto& req = parser_->get();
    const auto length = parser_->content_length();
    if (length && *length > core_->options.maxBodyBytes) {
      dispatch(BufferedRequest::Body::kTooLarge);  // not read: the handler answers 413
      return;
    }
    if (!parser_->is_done() && beast::iequals(req[beast::http::field::expect], "100-continue")) {
      auto cont = std::make_shared<beast::http::response<beast::http::empty_body>>(
          beast::http::status::continue_, req.version());
      beast::http::async_write(
          stream_, *cont,
          [self = this->shared_from_this(), cont](beast::error_code ec, std::size_t) {
            if (ec) {
              self->closeNow();
              return;
            }
            self->readBody();
          });
      return;
    }
    readBody();
  }

  void readBody() {
    if (parser_->is_done()) {
      dispatch(BufferedRequest::Body::kComplete);
      return;
    }
    parser_->body_limit(core_->options.maxBodyBytes);
    deadline(core_->options.bodyTimeout, &Session::cancelRead, core_->bodyTimeouts);
    beast::http::async_read(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              self->cancelDeadline();
                              if (ec == beast::http::error::body_limit) {
                                self->dispatch(BufferedRequest::Body::kTooLarge);
                              } else if (self->timedOut_) {
                                self->dispatch(BufferedRequest::Body::kTooSlow);
                              } else if (ec) {
                                self->closeNow();  // the client went away mid-body
                              } else {
                                self->dispatch(BufferedRequest::Body::kComplete);
                              }
                            });
  }

  void dispatch(BufferedRequest::Body body) {
    auto& req = parser_->get();
    RawRequest raw;
    raw.method = std::string(req.method_string());
    raw.target = std::string(req.target());
    raw.version = req.version();
    for (const auto& field : req) {
      raw.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    raw.bodyState = body;
    if (body == BufferedRequest::Body::kComplete) {
      raw.body = std::move(req.body());
    } else {
      closeAfterAnswer_ = true;  // what is left of the body is discarded by the lingering close
      lingerAfterAnswer_ = true;
    }
    if (!endpoints_) {  // once per connection: two system calls and two address parses
      beast::error_code ec;
      endpoints_ = std::make_shared<const Endpoints>(
          Endpoints{toPoco(socket().remote_endpoint(ec)), toPoco(socket().local_endpoint(ec))});
    }
    raw.endpoints = endpoints_;
    raw.secure = secure_;
    const bool head = req.method() == beast::http::verb::head;
    const bool keepAlive = req.keep_alive();
    const unsigned version = req.version();
    if (!keepAlive) {
      closeAfterAnswer_ = true;
    }
    inHandler_ = true;
    // The answer is written on the I/O threads: they must not run out of work meanwhile.
    auto work = std::make_shared<net::executor_work_guard<typename Stream::executor_type>>(
        stream_.get_executor());
    AsyncHandler::Answer answer = [self = this->shared_from_this(), head, version,
                                   work](RawResponse response) {
      net::post(self->stream_.get_executor(),
                [self, response = std::move(response), head, version]() mutable {
                  self->inHandler_ = false;
                  self->write(std::move(response), head, version);
                });
    };
    // Routed here (a path match): an AsyncHandler runs on its own thread, a Poco handler,
    // which may wait for a commit or a login check, on the pool.
    if (std::unique_ptr<AsyncHandler> handler = asyncHandlerFor(raw)) {
      net::post(*core_->asyncPool, [handler = std::move(handler), raw = std::move(raw),
                                    answer = std::move(answer)]() mutable {
        runAsyncHandler(*handler, std::move(raw), std::move(answer));
      });
      return;
    }
    net::post(core_->pool,
              [core = core_, raw = std::move(raw), answer = std::move(answer)]() mutable {
                answer(runHandler(*core->factory, std::move(raw)));
              });
  }

  std::unique_ptr<AsyncHandler> asyncHandlerFor(const RawRequest& raw) {
    if (core_->asyncRoutes == nullptr) {
      return nullptr;
    }
    try {
      return core_->asyncRoutes->asyncHandler(raw);
    } catch (const std::exception& e) {  // must not happen; the Poco route answers instead
      log::get(log::Id::kHttp).error("{}: routing failed: {}", core_->options.name, e.what());
      return nullptr;
    }
  }

  void write(RawResponse r, bool head, unsigned version) {
    if (!r.keepAlive) {
      closeAfterAnswer_ = true;
      // A handler that ends the connection after 408/413 left the body unread.
      lingerAfterAnswer_ = lingerAfterAnswer_ || r.status == 408 || r.status == 413;
    }
    if (core_->stopping) {
      closeAfterAnswer_ = true;
    }
    auto res = std::make_shared<beast::http::response<beast::http::string_body>>(
        static_cast<beast::http::status>(r.status), version);
    for (const auto& [name, value] : r.headers) {
      res->insert(name, value);
    }
    res->keep_alive(!closeAfterAnswer_);
    res->content_length(r.body.size());
    if (!head) {
      res->body() = std::move(r.body);
    }
    writing_ = true;
    deadline(core_->options.bodyTimeout, &Session::closeOnTimeout);  // a client that never reads
    beast::http::async_write(
        stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
          self->writing_ = false;
          self->cancelDeadline();
          ++self->served_;
          if (ec) {
            self->closeNow();
          } else if (self->lingerAfterAnswer_) {
            self->lingeringClose();
          } else if (self->closeAfterAnswer_) {
            self->gracefulClose();
          } else {
            self->waitForRequest();
          }
        });
  }

  // After an answer with the request's body unread: no reset that would lose the answer (see
  // http_util.h, lingeringClose()). The write side is shut down (plain TCP; TLS has no half
  // close), then what the client still sends is read and dropped for at most kLingerTime and
  // kLingerBytes.
  void lingeringClose() {
    beast::error_code ignored;
    if (!secure_) {
      socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    deadline(kLingerTime, &Session::closeOnTimeout);
    drain();
  }

  void drain() {
    if (!discard_) {
      discard_ = std::make_unique<char[]>(kDiscardBytes);
    }
    socket().async_read_some(
        net::buffer(discard_.get(), kDiscardBytes),
        [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
          self->drained_ += n;
          if (ec || self->drained_ >= kLingerBytes) {
            self->closeNow();
            return;
          }
          self->drain();
        });
  }

  void gracefulClose() {
    beast::error_code ignored;
    if (!secure_) {
      socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    closeNow();
  }

  void closeNow() {
    timer_.cancel();
    beast::error_code ignored;
    socket().close(ignored);
  }

  std::shared_ptr<HttpServer::Core> core_;
  Stream stream_;
  beast::flat_buffer buffer_;
  Timer timer_;
  const uint64_t id_;
  const bool secure_;
  // The client's and this server's address, read at the first request.
  std::shared_ptr<const Endpoints> endpoints_;
  std::optional<beast::http::request_parser<beast::http::string_body>> parser_;
  bool timedOut_ = false;
  bool idleWait_ = false;
  bool inHandler_ = false;
  bool writing_ = false;
  bool closeAfterAnswer_ = false;
  bool lingerAfterAnswer_ = false;
  uint64_t served_ = 0;
  size_t drained_ = 0;
  std::unique_ptr<char[]> discard_;  // only while lingering: an idle connection costs little
};

using PlainSession = Session<TcpStream>;
using TlsSession = Session<beast::ssl_stream<TcpStream>>;

template <class S>
std::function<void()> closerOf(const std::shared_ptr<S>& session) {
  return [weak = std::weak_ptr<S>(session)] {
    if (auto s = weak.lock()) {
      s->closeSoon();
    }
  };
}

/// A connection on a TLS port before its first byte tells TLS from plain HTTP.
class Detector : public std::enable_shared_from_this<Detector> {
 public:
  Detector(std::shared_ptr<HttpServer::Core> core, Socket socket, uint64_t id,
           std::shared_ptr<Closer> closer)
      : core_(std::move(core)), stream_(std::move(socket)), id_(id), closer_(std::move(closer)) {}

  ~Detector() {
    if (!handedOver_) {
      core_->table->remove(id_);
    }
  }

  void run() {
    closer_->set([weak = weak_from_this()] {
      if (auto self = weak.lock()) {
        net::post(self->stream_.get_executor(), [self] {
          if (!self->handedOver_) {
            self->stream_.close();
          }
        });
      }
    });
    stream_.expires_after(core_->options.headerTimeout);
    beast::async_detect_ssl(
        stream_, buffer_,
        [self = shared_from_this()](beast::error_code ec, bool tls) { self->detected(ec, tls); });
  }

 private:
  void detected(beast::error_code ec, bool tls) {
    if (ec) {
      if (ec == beast::error::timeout) {
        core_->headerTimeouts->inc();
      }
      return;  // the stream closes with this object
    }
    stream_.expires_never();
    handedOver_ = true;
    if (!tls) {
      // Plain HTTP on the TLS port: say what to use instead, as nginx does.
      auto session =
          std::make_shared<PlainSession>(core_, std::move(stream_), std::move(buffer_), id_, false);
      closer_->set(closerOf(session));
      session->refuse(400, "this port speaks HTTPS: use https:// in the address");
      return;
    }
    const std::shared_ptr<ssl::context> context = core_->currentTls();
    auto session = std::make_shared<TlsSession>(
        core_, beast::ssl_stream<TcpStream>(std::move(stream_), *context), beast::flat_buffer(),
        id_, true);
    closer_->set(closerOf(session));
    beast::get_lowest_layer(session->stream()).expires_after(core_->options.headerTimeout);
    session->stream().async_handshake(
        ssl::stream_base::server, buffer_.data(),
        [session, keep = shared_from_this()](beast::error_code hec, std::size_t) {
          beast::get_lowest_layer(session->stream()).expires_never();
          if (hec) {
            if (hec == beast::error::timeout) {
              session->core()->headerTimeouts->inc();
            }
            beast::error_code ignored;
            session->socket().close(ignored);
            return;
          }
          session->start();
        });
  }

  std::shared_ptr<HttpServer::Core> core_;
  TcpStream stream_;
  beast::flat_buffer buffer_;  // the bytes read to tell TLS: the handshake starts with them
  const uint64_t id_;
  std::shared_ptr<Closer> closer_;
  bool handedOver_ = false;
};

}  // namespace

void HttpServer::Core::accept() {
  acceptor.async_accept(net::make_strand(ioc), [self = shared_from_this()](beast::error_code ec,
                                                                           Socket socket) {
    if (ec) {
      if (ec != net::error::operation_aborted && !self->stopping) {
        self->accept();  // e.g. EMFILE: the next accept may succeed
      }
      return;
    }
    beast::error_code peerError;
    const std::string address = socket.remote_endpoint(peerError).address().to_string();
    auto closer = std::make_shared<Closer>();
    uint64_t id = 0;
    bool evicted = false;
    const ConnectionTable::Admit admit = self->table->admit(
        address, [closer] { (*closer)(); }, &id, &evicted);
    if (evicted) {
      self->idleClosed->inc();
    }
    if (self->stopping) {
      beast::error_code ignored;
      socket.close(ignored);
      self->table->remove(id);
    } else if (admit != ConnectionTable::Admit::kAccepted) {
      (admit == ConnectionTable::Admit::kRefusedTotal ? self->refusedTotal : self->refusedAddress)
          ->inc();
      beast::error_code ignored;
      socket.close(ignored);
    } else if (self->currentTls()) {
      std::make_shared<Detector>(self, std::move(socket), id, closer)->run();
    } else {
      auto session = std::make_shared<PlainSession>(self, TcpStream(std::move(socket)),
                                                    beast::flat_buffer(), id, false);
      closer->set(closerOf(session));
      session->start();
    }
    if (!self->stopping) {
      self->accept();
    }
  });
}

namespace {

// Throws boost::system::system_error when the files cannot be used.
std::shared_ptr<ssl::context> makeTlsContext(const std::string& certFile,
                                             const std::string& keyFile) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  SSL_CTX_set_cipher_list(context->native_handle(),
                          "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!MD5:!RC4:!3DES");
  context->use_certificate_chain_file(certFile);
  context->use_private_key_file(keyFile, ssl::context::pem);
  return context;
}

}  // namespace

Status HttpServer::reloadTls(const std::string& certFile, const std::string& keyFile) {
  if (!core_->currentTls()) {
    return Status::invalid(core_->options.name + " listener: no TLS to reload");
  }
  try {
    std::shared_ptr<ssl::context> next = makeTlsContext(certFile, keyFile);
    std::lock_guard<std::mutex> lock(core_->tlsMutex);
    core_->tls = std::move(next);
    return Status();
  } catch (const boost::system::system_error& e) {
    return Status::unavailable(core_->options.name + " listener: certificate " + certFile + ": " +
                               e.code().message());
  }
}

Result<std::unique_ptr<HttpServer>> HttpServer::open(HttpServerOptions options, Metrics* metrics) {
  auto core = std::make_shared<Core>(std::move(options));
  const HttpServerOptions& o = core->options;
  try {
    if (!o.tlsCert.empty()) {
      core->tls = makeTlsContext(o.tlsCert, o.tlsKey);
    }
    const tcp::endpoint endpoint(net::ip::make_address(o.address.host), o.address.port);
    core->acceptor.open(endpoint.protocol());
    core->acceptor.set_option(net::socket_base::reuse_address(true));
    core->acceptor.bind(endpoint);
    core->acceptor.listen(1024);
  } catch (const boost::system::system_error& e) {
    return Status::unavailable(o.address.str() + ": " + e.code().message() +
                               (o.tlsCert.empty() ? "" : " (certificate " + o.tlsCert + ")"));
  }
  if (metrics != nullptr) {
    const std::string l = "{listener=\"" + o.name + "\"";
    core->refusedTotal =
        &metrics->counter("enp_http_connections_refused_total" + l + ",reason=\"total\"}");
    core->refusedAddress =
        &metrics->counter("enp_http_connections_refused_total" + l + ",reason=\"address\"}");
    core->idleClosed = &metrics->counter("enp_http_idle_closed_total" + l + "}");
    core->headerTimeouts = &metrics->counter("enp_http_timeouts_total" + l + ",phase=\"header\"}");
    core->bodyTimeouts = &metrics->counter("enp_http_timeouts_total" + l + ",phase=\"body\"}");
    core->idleTimeouts = &metrics->counter("enp_http_timeouts_total" + l + ",phase=\"idle\"}");
    std::weak_ptr<ConnectionTable> table = core->table;
    metrics->gauge("enp_http_connections" + l + ",state=\"open\"}", "Open connections", [table] {
      auto t = table.lock();
      return t ? double(t->counts().open) : 0.0;
    });
    metrics->gauge("enp_http_connections" + l + ",state=\"idle\"}",
                   "Keep-alive connections between requests", [table] {
                     auto t = table.lock();
                     return t ? double(t->counts().idle) : 0.0;
                   });
  } else {
    for (Counter** c : {&core->refusedTotal, &core->refusedAddress, &core->idleClosed,
                        &core->headerTimeouts, &core->bodyTimeouts, &core->idleTimeouts}) {
      *c = &core->dummy;
    }
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(core)));
}

HttpServer::~HttpServer() { stop(); }

unsigned short HttpServer::port() const { return core_->acceptor.local_endpoint().port(); }

Status HttpServer::start(Poco::Net::HTTPRequestHandlerFactory::Ptr factory) {
  core_->factory = std::move(factory);
  core_->asyncRoutes = dynamic_cast<AsyncRoutes*>(core_->factory.get());
  if (core_->asyncRoutes != nullptr) {
    core_->asyncPool.emplace(static_cast<size_t>(std::max(1, core_->options.asyncThreads)));
  }
  core_->accept();
  for (int i = 0; i < std::max(1, core_->options.ioThreads); ++i) {
    core_->ioThreads.emplace_back([core = core_] { core->ioc.run(); });
  }
  return Status();
}

void HttpServer::stop() {
  if (core_->stopping.exchange(true) || core_->ioThreads.empty()) {
    return;
  }
  // The I/O threads keep running until the closes asked for here are queued: else they could
  // run out of work between two of them and return, leaving a close (and its connection, which
  // holds the server) in the queue for good.
  auto closing = net::make_work_guard(core_->ioc);
  net::post(core_->acceptor.get_executor(), [core = core_] {
    beast::error_code ignored;
    core->acceptor.close(ignored);
  });
  // Connections between requests close now, the others once answered; every wait has a
  // deadline, so the I/O threads run out of work and return. The handler threads go last: a
  // request whose reading ends during the stop is still handed to them, and answered.
  core_->table->closeAll();
  closing.reset();
  for (std::thread& t : core_->ioThreads) {
    t.join();
  }
  core_->ioThreads.clear();
  core_->pool.join();
  if (core_->asyncPool) {
    core_->asyncPool->join();
  }
}

}  // namespace enp::http
