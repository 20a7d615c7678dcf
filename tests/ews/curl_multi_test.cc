// Many requests in flight on CurlMulti's one thread, against a real loopback HTTP server.
#include "ews/curl_multi.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <future>
#include <mutex>
#include <sstream>
#include <vector>

#include "loopback_server.h"

namespace ews {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

// Answers each request after holding it until `release` (or a timeout), echoing its body and
// method; counts how many it holds at once.
class HoldingServer {
 public:
  explicit HoldingServer(int threads)
      : server_(new fakes::FunctionHandlerFactory([this] { return new Handler(*this); }),
                fakes::ListenOptions{.threads = threads, .backlog = 1024}) {}

  std::string url(const std::string& path = "/x") const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + path;
  }
  /// Waits until `n` requests are held at once; false after 30 s.
  bool waitHolding(int n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] { return holding_ >= n; });
  }
  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    cv_.notify_all();
  }
  /// Holds the requests that arrive from now on again.
  void hold() {
    std::lock_guard lock(mutex_);
    released_ = false;
  }
  int maxHolding() const {
    std::lock_guard lock(mutex_);
    return maxHolding_;
  }
  void holdFor(milliseconds d) { holdFor_ = d; }

 private:
  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(HoldingServer& s) : s_(s) {}
    void handleRequest(Poco::Net::HTTPServerRequest& req,
                       Poco::Net::HTTPServerResponse& resp) override {
      std::ostringstream body;
      body << req.stream().rdbuf();
      {
        std::unique_lock lock(s_.mutex_);
        ++s_.holding_;
        s_.maxHolding_ = std::max(s_.maxHolding_, s_.holding_);
        s_.cv_.notify_all();
        s_.cv_.wait_for(lock, s_.holdFor_, [&] { return s_.released_; });
        --s_.holding_;
      }
      const std::string out = req.getMethod() + " " + body.str();
      resp.setContentLength(static_cast<std::streamsize>(out.size()));
      resp.set("X-Echo", "yes");
      resp.send() << out;
    }

   private:
    HoldingServer& s_;
  };

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  int holding_ = 0;
  int maxHolding_ = 0;
  bool released_ = false;
  milliseconds holdFor_{30000};
  fakes::LoopbackServer server_;
};

HttpRequest post(const std::string& url, const std::string& body) {
  HttpRequest r;
  r.url = url;
  r.body = body;
  r.headers = {{"Content-Type", "text/plain"}};
  return r;
}

TEST(CurlMulti, HundredsOfRequestsAreInFlightAtOnceOnOneThread) {
  constexpr int kRequests = 300;
  HoldingServer server(kRequests + 10);
  std::mutex mutex;
  std::vector<Result<HttpReply>> replies;
  std::promise<void> all;
  CurlMulti multi;  // last: gone before what its callbacks use
  for (int i = 0; i < kRequests; ++i) {
    multi.send({}, post(server.url(), "body-" + std::to_string(i)), [&](Result<HttpReply> r) {
      std::lock_guard lock(mutex);
      replies.push_back(std::move(r));
      if (replies.size() == kRequests) {
        all.set_value();
      }
    });
  }
  // Every request reaches the server before any is answered: they are all in flight.
  ASSERT_TRUE(server.waitHolding(kRequests)) << "held at most " << server.maxHolding();
  EXPECT_EQ(multi.inFlight(), static_cast<size_t>(kRequests));
  server.release();
  ASSERT_EQ(all.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready);
  std::set<std::string> bodies;
  for (const auto& r : replies) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->header("X-Echo"), "yes");
    bodies.insert(r->body);
  }
  EXPECT_EQ(bodies.size(), static_cast<size_t>(kRequests)) << "each reply is its own request's";
  EXPECT_TRUE(bodies.count("POST body-7"));
  EXPECT_EQ(multi.inFlight(), 0u);
}

// Connections `multi` opens for two rounds of `n` requests, every request of a round held by the
// server until the whole round has arrived: n in flight at once, twice.
size_t connectionsForTwoRounds(CurlMulti& multi, HoldingServer& server, int n) {
  for (int round = 0; round < 2; ++round) {
    server.hold();
    std::atomic<int> answered{0};
    std::promise<void> all;
    for (int i = 0; i < n; ++i) {
      multi.send({}, post(server.url(), "x"), [&](Result<HttpReply> r) {
        EXPECT_TRUE(r.ok() && r->status == 200);
        if (++answered == n) {
          all.set_value();
        }
      });
    }
    EXPECT_TRUE(server.waitHolding(n)) << "round " << round << ": held " << server.maxHolding();
    server.release();
    EXPECT_EQ(all.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready);
  }
  return multi.connectionsOpened();
}

TEST(CurlMulti, ACacheAsLargeAsTheTransfersInFlightReusesEveryConnection) {
  constexpr int kRequests = 150;
  {
    HoldingServer server(2 * kRequests + 10);
    CurlMulti multi(CurlMultiOptions{.maxCachedConnections = kRequests});
    EXPECT_EQ(connectionsForTwoRounds(multi, server, kRequests), static_cast<size_t>(kRequests))
        << "the second round opens none";
  }
  {
    // A cache a third of that closes what ends beyond it: the second round connects again.
    HoldingServer server(2 * kRequests + 10);
    CurlMulti multi(CurlMultiOptions{.maxCachedConnections = kRequests / 3});
    EXPECT_GE(connectionsForTwoRounds(multi, server, kRequests),
              static_cast<size_t>(kRequests + kRequests * 2 / 3));
  }
}

TEST(CurlMulti, ARequestWaitingForAConnectionHasItsWholeTimeoutOnceItGetsOne) {
  // One connection to the server, each answer 400 ms: the fourth request waits 1.2 s for the
  // connection, longer than its 1 s timeout, which counts from when it got one.
  HoldingServer server(4);
  server.holdFor(milliseconds(400));
  CurlMulti multi(CurlMultiOptions{.maxRequestsPerServer = 1});
  TransportOptions options;
  options.totalTimeoutMs = 1000;
  std::mutex mutex;
  std::vector<Result<HttpReply>> replies;
  std::promise<void> all;
  for (int i = 0; i < 4; ++i) {
    multi.send(options, post(server.url(), "r" + std::to_string(i)), [&](Result<HttpReply> r) {
      std::lock_guard lock(mutex);
      replies.push_back(std::move(r));
      if (replies.size() == 4) {
        all.set_value();
      }
    });
  }
  ASSERT_EQ(all.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
  for (const auto& r : replies) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 200);
  }
  EXPECT_EQ(multi.connectionsOpened(), 1u);
  EXPECT_LE(server.maxHolding(), 1);
}

TEST(CurlMulti, AnAwaitingCoroutineResumesOnItsOwnExecutorWithTheReply) {
  HoldingServer server(8);
  server.release();
  asio::thread_pool pool(1);
  std::promise<std::pair<std::string, bool>> got;
  CurlMulti multi;
  asio::co_spawn(
      pool,
      [&]() -> asio::awaitable<void> {
        HttpRequest r = post(server.url(), "");
        r.method = "PATCH";
        r.body = "{}";
        // Named, not temporaries: GCC 12 mishandles temporaries in a co_await expression.
        const TransportOptions options;
        Result<HttpReply> reply = co_await multi.asyncSend(options, r, asio::use_awaitable);
        const bool onPool = pool.get_executor().running_in_this_thread();
        got.set_value({reply.ok() ? reply->body : reply.error().message, onPool});
      },
      asio::detached);
  auto f = got.get_future();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  const auto [body, onPool] = f.get();
  EXPECT_EQ(body, "PATCH {}");
  EXPECT_TRUE(onPool);
  pool.join();
}

TEST(CurlMulti, ARefusedConnectionAndATimeoutAreTransportErrors) {
  uint16_t closedPort = 0;
  {
    Poco::Net::ServerSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
    closedPort = s.address().port();
  }
  HoldingServer slow(4);
  std::promise<Result<HttpReply>> refused, timedOut;
  CurlMulti multi;
  multi.send({}, post("http://127.0.0.1:" + std::to_string(closedPort) + "/x", ""),
             [&](Result<HttpReply> r) { refused.set_value(std::move(r)); });
  TransportOptions shortWait;
  shortWait.totalTimeoutMs = 300;
  multi.send(shortWait, post(slow.url(), ""),
             [&](Result<HttpReply> r) { timedOut.set_value(std::move(r)); });
  auto r1 = refused.get_future().get();
  ASSERT_FALSE(r1.ok());
  EXPECT_EQ(r1.error().code, "CURLE_COULDNT_CONNECT");
  auto r2 = timedOut.get_future().get();
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().code, "CURLE_OPERATION_TIMEDOUT");
  slow.release();
}

TEST(CurlMulti, AHeaderWithALineBreakIsRefusedBeforeSending) {
  std::promise<Result<HttpReply>> got;
  CurlMulti multi;
  HttpRequest r = post("http://127.0.0.1:1/x", "");
  r.headers.push_back({"X-Bad", "a\r\nInjected: yes"});
  multi.send({}, r, [&](Result<HttpReply> reply) { got.set_value(std::move(reply)); });
  auto reply = got.get_future().get();
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, "CURLE_BAD_FUNCTION_ARGUMENT");
}

TEST(CurlMulti, TransfersStillRunningAtDestructionEndWithAnError) {
  HoldingServer server(8);
  std::promise<Result<HttpReply>> got;
  {
    CurlMulti multi;
    multi.send({}, post(server.url(), ""),
               [&](Result<HttpReply> r) { got.set_value(std::move(r)); });
    ASSERT_TRUE(server.waitHolding(1));
  }
  auto f = got.get_future();
  ASSERT_EQ(f.wait_for(milliseconds(0)), std::future_status::ready);
  EXPECT_FALSE(f.get().ok());
  server.release();
}

TEST(CurlMulti, RequestsWaitingForTheirTurnAtDestructionEndWithAnErrorUnsent) {
  HoldingServer server(8);
  std::mutex mutex;
  std::vector<Result<HttpReply>> replies;
  {
    CurlMulti multi(CurlMultiOptions{.maxRequestsPerServer = 1});
    for (int i = 0; i < 3; ++i) {
      multi.send({}, post(server.url(), ""), [&](Result<HttpReply> r) {
        std::lock_guard lock(mutex);
        replies.push_back(std::move(r));
      });
    }
    ASSERT_TRUE(server.waitHolding(1));
    EXPECT_EQ(multi.inFlight(), 3u) << "the two waiting count as in flight";
  }
  ASSERT_EQ(replies.size(), 3u);
  for (const auto& r : replies) {
    EXPECT_FALSE(r.ok());
  }
  EXPECT_EQ(server.maxHolding(), 1) << "the waiting ones never reached the server";
  server.release();
}

}  // namespace
}  // namespace ews
