// libcurl's multi-socket API on an Asio event loop (curl's documented integration: a socket
// callback says which sockets to watch, a timer callback when to call back; every call into the
// multi handle is made on the loop's one thread).
#include "ews/curl_multi.h"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cctype>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "curl_easy.h"

namespace ews {

namespace asio = boost::asio;

// Easy handles of finished transfers kept for the next ones.
constexpr size_t kMaxSpareHandles = 64;

// One request: its easy handle, what the handle points into, and who waits for it.
struct Call {
  TransportOptions options;
  HttpRequest request;
  curl::EasyPtr handle;
  curl::SlistPtr headers;
  curl::ReplyBuffer buffer;
  char errorBuffer[CURL_ERROR_SIZE] = {};
  CurlMulti::Done done;
  std::string server;  // its queue's key, with maxRequestsPerServer
};

namespace {

// "scheme://host:port" of a URL as written (lowercased): requests to one server share a queue.
std::string serverOf(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t from = scheme == std::string::npos ? 0 : scheme + 3;
  std::string out = url.substr(0, url.find_first_of("/?#", from));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return out;
}

}  // namespace

class CurlMulti::Loop {
 public:
  explicit Loop(const CurlMultiOptions& options)
      : work_(asio::make_work_guard(io_)),
        timer_(io_),
        multi_(curl_multi_init()),
        receiveBufferBytes_(options.receiveBufferBytes),
        maxPerServer_(static_cast<size_t>(std::max(0L, options.maxRequestsPerServer))) {
    curlGlobalInit();
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &Loop::onSocket);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &Loop::onTimer);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, options.maxCachedConnections);
    curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    thread_ = std::thread([this, name = options.threadName, nice = options.nice] {
      pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
      if (nice != 0) {
        (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice);  // best effort
      }
      io_.run();
    });
  }

  ~Loop() {
    if (halted_) {
      // The loop no longer runs: end everything here; completions posted now never run.
      closing_ = true;
      abortAll();
      for (auto& [s, w] : sockets_) {
        w.descriptor->release();
      }
      sockets_.clear();
      curl_multi_cleanup(multi_);
      return;
    }
    asio::post(io_, [this] {
      closing_ = true;
      abortAll();
      for (auto& [s, w] : sockets_) {
        w.descriptor->cancel();
        w.descriptor->release();
      }
      sockets_.clear();
      timer_.cancel();
      work_.reset();  // run() returns once the cancelled waits have run
    });
    thread_.join();
    curl_multi_cleanup(multi_);  // closes the cached connections; the callbacks ignore it
  }

  void send(TransportOptions options, HttpRequest request, Done done) {
    auto call = std::make_unique<Call>();
    call->options = std::move(options);
    call->request = std::move(request);
    call->done = std::move(done);
    ++inFlight_;
    asio::post(io_, [this, c = std::shared_ptr<Call>(std::move(call))]() mutable { admit(c); });
  }

  size_t inFlight() const { return inFlight_.load(); }
  size_t connectionsOpened() const { return connectionsOpened_.load(); }

  asio::any_io_executor executor() { return io_.get_executor(); }

  void halt() {
    if (halted_) {
      return;
    }
    halted_ = true;
    io_.stop();
    thread_.join();
  }

 private:
  // A socket libcurl asked to watch. The descriptor does not own the socket: libcurl closes it.
  struct Watched {
    std::unique_ptr<asio::posix::stream_descriptor> descriptor;
    int what = CURL_POLL_NONE;  // what libcurl wants now
    bool reading = false;       // an async_wait for reading is pending
    bool writing = false;
  };

  // Per server with maxRequestsPerServer: requests running, and those waiting for one to end.
  struct Server {
    size_t running = 0;
    std::deque<std::shared_ptr<Call>> waiting;
  };

  void admit(const std::shared_ptr<Call>& c) {
    if (closing_) {
      endEarly(c, curl::transportError(CURLE_ABORTED_BY_CALLBACK, c->errorBuffer,
                                       c->options.auth.password));
      return;
    }
    if (maxPerServer_ > 0) {
      c->server = serverOf(c->request.url);
      Server& server = servers_[c->server];
      if (server.running >= maxPerServer_) {
        server.waiting.push_back(c);
        return;
      }
      ++server.running;
    }
    start(c);
  }

  // A request of c's server ended: the next waiting one starts (on the next turn of the loop,
  // not inside the completion that ended this one).
  void release(const Call& c) {
    if (maxPerServer_ == 0) {
      return;
    }
    auto it = servers_.find(c.server);
    if (it == servers_.end()) {
      return;
    }
    Server& server = it->second;
    if (server.waiting.empty() || closing_) {
      --server.running;
      if (server.running == 0 && server.waiting.empty()) {
        servers_.erase(it);
      }
      return;
    }
    std::shared_ptr<Call> next = std::move(server.waiting.front());
    server.waiting.pop_front();
    asio::post(io_, [this, next] {  // its slot passes on: running stays
      if (closing_) {
        endEarly(next, curl::transportError(CURLE_ABORTED_BY_CALLBACK, next->errorBuffer,
                                            next->options.auth.password));
        return;
      }
      start(next);
    });
  }

  // Ends a request that libcurl never ran.
  void endEarly(const std::shared_ptr<Call>& c, Result<HttpReply> reply) {
    --inFlight_;
    release(*c);
    c->done(std::move(reply));
  }

  void start(const std::shared_ptr<Call>& c) {
    // A handle of a finished transfer is reset and used again: cheaper than a new one.
    if (spareHandles_.empty()) {
      c->handle.reset(curl_easy_init());
    } else {
      c->handle = std::move(spareHandles_.back());
      spareHandles_.pop_back();
      curl_easy_reset(c->handle.get());
    }
    CURLcode rc = c->handle ? curl::configure(c->handle.get(), c->options, c->errorBuffer)
                            : CURLE_FAILED_INIT;
    if (rc != CURLE_OK) {
      endEarly(c, curl::transportError(rc, c->errorBuffer, c->options.auth.password));
      return;
    }
    if (auto bad = curl::setRequest(c->handle.get(), c->request, &c->headers, &c->buffer)) {
      endEarly(c, *bad);
      return;
    }
    curl_easy_setopt(c->handle.get(), CURLOPT_PRIVATE, c.get());
    curl_easy_setopt(c->handle.get(), CURLOPT_BUFFERSIZE, receiveBufferBytes_);
    if (c->request.url.rfind("https://", 0) == 0) {
      // Over TLS libcurl offers HTTP/2: requests wait for a connection being set up to say
      // (in its TLS handshake) whether it multiplexes, instead of each opening its own. Not
      // for plain HTTP: there it would wait for the first answer.
      curl_easy_setopt(c->handle.get(), CURLOPT_PIPEWAIT, 1L);
    }
    calls_.emplace(c.get(), c);
    if (curl_multi_add_handle(multi_, c->handle.get()) != CURLM_OK) {
      complete(c.get(), CURLE_FAILED_INIT);
    }
  }

  // Ends one transfer: removed from the multi handle, its reply (or error) handed over.
  void complete(Call* raw, CURLcode rc) {
    auto it = calls_.find(raw);
    if (it == calls_.end()) {
      return;
    }
    std::shared_ptr<Call> c = std::move(it->second);
    calls_.erase(it);
    --inFlight_;
    long opened = 0;
    curl_easy_getinfo(c->handle.get(), CURLINFO_NUM_CONNECTS, &opened);
    connectionsOpened_ += static_cast<size_t>(std::max(0L, opened));
    curl_multi_remove_handle(multi_, c->handle.get());
    curl::clearRequest(c->handle.get());
    Result<HttpReply> reply =
        curl::finish(c->handle.get(), rc, &c->buffer, c->errorBuffer, c->options.auth.password);
    if (spareHandles_.size() < kMaxSpareHandles) {
      spareHandles_.push_back(std::move(c->handle));
    }
    c->handle.reset();
    release(*c);
    c->done(std::move(reply));
  }

  void readDone() {
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi_, &left)) {
      if (m->msg != CURLMSG_DONE) {
        continue;
      }
      Call* raw = nullptr;
      curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &raw);
      complete(raw, m->data.result);
    }
  }

  void act(curl_socket_t s, int events) {
    if (closing_) {
      return;
    }
    int running = 0;
    curl_multi_socket_action(multi_, s, events, &running);
    readDone();
  }

  void abortAll() {
    // Waiting ones first: ending the running ones must not start them.
    std::vector<std::shared_ptr<Call>> waiting;
    for (auto& [key, server] : servers_) {
      for (auto& c : server.waiting) {
        waiting.push_back(std::move(c));
      }
      server.waiting.clear();
    }
    for (const auto& c : waiting) {
      endEarly(c, curl::transportError(CURLE_ABORTED_BY_CALLBACK, c->errorBuffer,
                                       c->options.auth.password));
    }
    while (!calls_.empty()) {
      Call* raw = calls_.begin()->first;
      complete(raw, CURLE_ABORTED_BY_CALLBACK);
    }
  }

  static int onSocket(CURL* /*easy*/, curl_socket_t s, int what, void* self, void* /*socketp*/) {
    static_cast<Loop*>(self)->watch(s, what);
    return 0;
  }

  static int onTimer(CURLM* /*multi*/, long timeoutMs, void* self) {
    static_cast<Loop*>(self)->arm(timeoutMs);
    return 0;
  }

  void watch(curl_socket_t s, int what) {
    if (closing_) {
      return;
    }
    if (what == CURL_POLL_REMOVE) {
      auto it = sockets_.find(s);
      if (it != sockets_.end()) {
        it->second.descriptor->cancel();
        it->second.descriptor->release();  // libcurl closes the socket, not Asio
        sockets_.erase(it);
      }
      return;
    }
    Watched& w = sockets_[s];
    if (!w.descriptor) {
      w.descriptor = std::make_unique<asio::posix::stream_descriptor>(io_, s);
    }
    w.what = what;
    waitFor(s, w);
  }

  // Keeps one async_wait pending per direction libcurl wants.
  void waitFor(curl_socket_t s, Watched& w) {
    const bool wantRead = w.what == CURL_POLL_IN || w.what == CURL_POLL_INOUT;
    const bool wantWrite = w.what == CURL_POLL_OUT || w.what == CURL_POLL_INOUT;
    if (wantRead && !w.reading) {
      w.reading = true;
      w.descriptor->async_wait(
          asio::posix::stream_descriptor::wait_read,
          [this, s](const boost::system::error_code& ec) { ready(s, ec, CURL_CSELECT_IN); });
    }
    if (wantWrite && !w.writing) {
      w.writing = true;
      w.descriptor->async_wait(
          asio::posix::stream_descriptor::wait_write,
          [this, s](const boost::system::error_code& ec) { ready(s, ec, CURL_CSELECT_OUT); });
    }
  }

  void ready(curl_socket_t s, const boost::system::error_code& ec, int event) {
    auto it = sockets_.find(s);
    if (it == sockets_.end()) {
      return;  // removed meanwhile
    }
    (event == CURL_CSELECT_IN ? it->second.reading : it->second.writing) = false;
    if (ec == asio::error::operation_aborted) {
      return;
    }
    act(s, ec ? CURL_CSELECT_ERR : event);
    it = sockets_.find(s);  // libcurl may have removed it, or asked for something else
    if (it != sockets_.end()) {
      waitFor(s, it->second);
    }
  }

  // libcurl moves its one timer with nearly every step of every transfer. The Asio timer is only
  // moved when the new deadline is earlier than the pending wait: a wait that ends before the
  // deadline waits again for the rest, one that ends after it was cleared does nothing.
  void arm(long timeoutMs) {
    if (closing_) {
      return;
    }
    if (timeoutMs < 0) {
      deadline_.reset();
      return;
    }
    if (timeoutMs == 0) {
      deadline_.reset();
      // Not from inside libcurl's callback: on the next turn of the loop.
      asio::post(io_, [this] { act(CURL_SOCKET_TIMEOUT, 0); });
      return;
    }
    deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    if (!timerWaiting_ || timer_.expiry() > *deadline_) {
      waitUntil(*deadline_);
    }
  }

  void waitUntil(std::chrono::steady_clock::time_point when) {
    timer_.expires_at(when);  // ends a pending wait with operation_aborted
    timerWaiting_ = true;
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec == asio::error::operation_aborted) {
        return;  // moved (a new wait is pending) or closing
      }
      timerWaiting_ = false;
      if (closing_ || !deadline_) {
        return;
      }
      if (std::chrono::steady_clock::now() < *deadline_) {
        waitUntil(*deadline_);
        return;
      }
      deadline_.reset();
      act(CURL_SOCKET_TIMEOUT, 0);
    });
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  asio::steady_timer timer_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;  // libcurl's; loop thread only
  bool timerWaiting_ = false;                                      // loop thread only
  CURLM* multi_;
  const long receiveBufferBytes_;
  const size_t maxPerServer_;
  std::map<std::string, Server> servers_;         // loop thread only: with maxPerServer_
  std::vector<curl::EasyPtr> spareHandles_;       // loop thread only
  std::map<curl_socket_t, Watched> sockets_;      // loop thread only
  std::map<Call*, std::shared_ptr<Call>> calls_;  // loop thread only
  std::atomic<size_t> inFlight_{0};
  std::atomic<size_t> connectionsOpened_{0};
  bool closing_ = false;  // loop thread only (and the destructor after the join)
  bool halted_ = false;   // the owner's thread only
  std::thread thread_;
};

CurlMulti::CurlMulti(CurlMultiOptions options) : loop_(std::make_unique<Loop>(options)) {}

CurlMulti::~CurlMulti() = default;

void CurlMulti::send(TransportOptions options, HttpRequest request, Done done) {
  loop_->send(std::move(options), std::move(request), std::move(done));
}

size_t CurlMulti::inFlight() const { return loop_->inFlight(); }

size_t CurlMulti::connectionsOpened() const { return loop_->connectionsOpened(); }

boost::asio::any_io_executor CurlMulti::executor() { return loop_->executor(); }

void CurlMulti::halt() { loop_->halt(); }

}  // namespace ews
