// The listeners' defences and manners, against real sockets on loopback: thousands of idle and
// slow connections do not keep valid requests out, deadlines are totals (not per read), caps per
// client address and in all, the longest-idle connection closed to make room, 408 and 413 from
// the handlers with a lingering close, keep-alive, and plain HTTP on a TLS port.
#include "enp/http/http_server.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <future>
#include <set>
#include <thread>
#include <vector>

#include "temp_dir.h"
#include "test_server.h"

namespace enp::http::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

// Sockets this process may open: the server's and the client's end of every connection.
size_t socketBudget() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  getrlimit(RLIMIT_NOFILE, &limit);
  return static_cast<size_t>(limit.rlim_cur);
}

bool isStatus(const std::string& answer, int status) {
  return answer.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0) == 0;
}

HttpServerOptions options() {
  HttpServerOptions o;
  o.name = "test";
  o.handlerThreads = 4;
  return o;
}

TEST(HttpServerTest, IdleAndSlowConnectionsByTheThousandDoNotKeepValidRequestsOut) {
  const size_t budget = socketBudget();
  size_t idle = 2000, slow = 800;
  if (budget < 2 * (idle + slow) + 200) {
    const double scale = static_cast<double>(budget - 200) / (2.0 * (idle + slow));
    idle = static_cast<size_t>(static_cast<double>(idle) * scale);
    slow = static_cast<size_t>(static_cast<double>(slow) * scale);
  }
  ASSERT_GE(idle + slow, 400u) << "RLIMIT_NOFILE too low: " << budget;
  HttpServerOptions o = options();
  o.headerTimeout = seconds(4);
  o.limits = {100000, 100000};
  TestServer server(o);

  std::vector<Poco::Net::StreamSocket> held;
  held.reserve(idle + slow);
  for (size_t i = 0; i < idle; ++i) {
    held.push_back(connectTo(server.port()));
  }
  for (size_t i = 0; i < slow; ++i) {
    held.push_back(connectTo(server.port()));
    held.back().sendBytes("P", 1);  // the first byte of a request whose headers trickle
  }
  // While they are all open, valid requests are answered, one after the other, each on a new
  // connection and on one kept alive.
  Poco::Net::StreamSocket kept = connectTo(server.port());
  for (int i = 0; i < 20; ++i) {
    Poco::Net::StreamSocket fresh = connectTo(server.port());
    EXPECT_TRUE(isStatus(roundTrip(fresh, get("/hello", false)), 200)) << i;
    EXPECT_TRUE(isStatus(roundTrip(kept, get("/hello")), 200)) << i;
    for (size_t s = idle; s < idle + slow; s += 8) {
      held[s].sendBytes("O", 1);  // slowloris: a byte now and then
    }
  }
  // None of the held ones ever completes its headers: the header deadline closes each, however
  // often it sends a byte.
  for (auto& s : held) {
    ASSERT_TRUE(closedWithin(s, seconds(20)));
  }
  EXPECT_EQ(server.counter("enp_http_timeouts_total{listener=\"test\",phase=\"header\"}"),
            idle + slow);
  EXPECT_TRUE(isStatus(roundTrip(kept, get("/hello")), 200));
}

TEST(HttpServerTest, HeadersThatTrickleAreCutAtTheDeadlineNotPerRead) {
  HttpServerOptions o = options();
  o.headerTimeout = seconds(1);
  TestServer server(o);
  Poco::Net::StreamSocket s = connectTo(server.port());
  const std::string request =
      "GET /hello HTTP/1.1\r\nHost: test\r\nX-Slow: " + std::string(200, 'x');
  const auto start = Clock::now();
  bool closed = false;
  // One byte every 50 ms: a per-read timeout of a second would never fire.
  for (size_t i = 0; i < request.size() && !closed; ++i) {
    try {
      s.sendBytes(&request[i], 1);
    } catch (const Poco::Exception&) {
      closed = true;
      break;
    }
    closed = closedWithin(s, milliseconds(50));
  }
  ASSERT_TRUE(closed) << "still open after " << request.size() << " bytes";
  const auto took = Clock::now() - start;
  EXPECT_GE(took, milliseconds(900));
  EXPECT_LT(took, seconds(5));
  EXPECT_EQ(server.counter("enp_http_timeouts_total{listener=\"test\",phase=\"header\"}"), 1u);
}

TEST(HttpServerTest, OneAddressGetsItsShareAndOthersStillGetIn) {
  HttpServerOptions o = options();
  o.limits = {100, 3};
  TestServer server(o);
  std::vector<Poco::Net::StreamSocket> mine;
  for (int i = 0; i < 3; ++i) {
    mine.push_back(connectTo(server.port()));
    ASSERT_TRUE(isStatus(roundTrip(mine.back(), get("/hello")), 200));
  }
  Poco::Net::StreamSocket fourth = connectTo(server.port());
  EXPECT_TRUE(closedWithin(fourth, seconds(5)));
  EXPECT_EQ(
      server.counter("enp_http_connections_refused_total{listener=\"test\",reason=\"address\"}"),
      1u);
  Poco::Net::StreamSocket other = connectTo(server.port(), "127.0.0.2");
  EXPECT_TRUE(isStatus(roundTrip(other, get("/hello")), 200));
}

TEST(HttpServerTest, AtTheCapTheLongestIdleConnectionMakesRoomElseNewOnesAreRefused) {
  HttpServerOptions o = options();
  o.limits = {3, 100};
  o.keepAlive = seconds(60);
  TestServer server(o);
  std::vector<Poco::Net::StreamSocket> kept;
  for (int i = 0; i < 3; ++i) {
    kept.push_back(connectTo(server.port()));
    ASSERT_TRUE(isStatus(roundTrip(kept.back(), get("/hello")), 200));  // then idle
  }
  Poco::Net::StreamSocket newcomer = connectTo(server.port());
  EXPECT_TRUE(isStatus(roundTrip(newcomer, get("/hello")), 200));
  EXPECT_TRUE(closedWithin(kept[0], seconds(5)));  // idle the longest
  EXPECT_FALSE(closedWithin(kept[1], milliseconds(200)));
  EXPECT_EQ(server.counter("enp_http_idle_closed_total{listener=\"test\"}"), 1u);

  // Three connections in the middle of requests: nobody is idle, a fourth is refused.
  std::vector<Poco::Net::StreamSocket> busy;
  kept.clear();
  newcomer.close();
  for (int i = 0; i < 3; ++i) {
    busy.push_back(connectTo(server.port()));
    busy.back().sendBytes("GET /hel", 8);
  }
  // The closes above reach the server asynchronously: wait until a fourth is refused.
  bool refused = false;
  for (int i = 0; i < 50 && !refused; ++i) {
    Poco::Net::StreamSocket extra = connectTo(server.port());
    refused = closedWithin(extra, milliseconds(100)) &&
              server.counter(
                  "enp_http_connections_refused_total{listener=\"test\",reason=\"total\"}") > 0;
  }
  EXPECT_TRUE(refused);
}

TEST(HttpServerTest, BodiesTooSlowOrTooLargeGetTheHandlersAnswerBeforeTheConnectionCloses) {
  HttpServerOptions o = options();
  o.bodyTimeout = seconds(1);
  o.maxBodyBytes = 1 << 20;
  TestServer server(o);
  // Too slow: 3 of 10 bytes, then silence.
  Poco::Net::StreamSocket slow = connectTo(server.port());
  const std::string head = "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nabc";
  EXPECT_TRUE(isStatus(roundTrip(slow, head), 408));
  EXPECT_TRUE(closedWithin(slow, seconds(5)));
  EXPECT_EQ(server.counter("enp_http_timeouts_total{listener=\"test\",phase=\"body\"}"), 1u);

  // Too large for the listener: answered without reading the body, even by a client that
  // writes its body first (the lingering close keeps the answer from being reset away).
  Poco::Net::StreamSocket large = connectTo(server.port());
  const std::string big = "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 4194304\r\n\r\n" +
                          std::string(256 << 10, 'x');
  large.sendBytes(big.data(), static_cast<int>(big.size()));
  EXPECT_TRUE(isStatus(roundTrip(large, ""), 413));

  // Too large for the handler (64 KiB) but within the listener's limit: the handler says so.
  Poco::Net::StreamSocket medium = connectTo(server.port());
  EXPECT_TRUE(isStatus(roundTrip(medium,
                                 "POST /echo HTTP/1.1\r\nHost: test\r\n"
                                 "Content-Length: 100000\r\n\r\n" +
                                     std::string(100000, 'y')),
                       413));

  // Expect: 100-continue gets its interim answer, then the body is read.
  Poco::Net::StreamSocket polite = connectTo(server.port());
  const std::string interim = roundTrip(polite,
                                        "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n"
                                        "Expect: 100-continue\r\n\r\n");
  EXPECT_TRUE(isStatus(interim, 100)) << interim;
  const std::string answer = roundTrip(polite, "hello");
  EXPECT_TRUE(isStatus(answer, 200)) << answer;
  EXPECT_EQ(answer.substr(answer.size() - 5), "hello");
}

TEST(HttpServerTest, KeepAliveServesManyRequestsAndErrorsCarryTheirOwnReason) {
  TestServer server(options());
  Poco::Net::StreamSocket s = connectTo(server.port());
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(isStatus(roundTrip(s, get("/hello")), 200));
  }
  EXPECT_TRUE(isStatus(roundTrip(s, get("/missing")), 404));
  EXPECT_EQ(roundTrip(s, get("/missing")).substr(0, 22), "HTTP/1.1 404 Not Found");
  // Two requests in one write (pipelining): both answered, in order.
  const std::string both = roundTrip(s, get("/hello") + get("/missing"));
  EXPECT_TRUE(isStatus(both, 200));
  EXPECT_TRUE(isStatus(roundTrip(s, ""), 404));
  EXPECT_TRUE(isStatus(roundTrip(s, "NOT HTTP AT ALL\r\n\r\n"), 400));
}

TEST(HttpServerTest, AStopAnswersTheRequestInProgressAndClosesTheRest) {
  TestServer server(options());
  Poco::Net::StreamSocket idle = connectTo(server.port());
  ASSERT_TRUE(isStatus(roundTrip(idle, get("/hello")), 200));
  Poco::Net::StreamSocket busy = connectTo(server.port());
  busy.sendBytes(get("/slow?ms=500").data(), static_cast<int>(get("/slow?ms=500").size()));
  // The stop comes while the handler runs.
  ASSERT_TRUE(server.waitForSlowHandler(seconds(10)));
  std::thread stopper([&] { server.stop(); });
  EXPECT_TRUE(isStatus(roundTrip(busy, ""), 200));
  stopper.join();
  EXPECT_TRUE(closedWithin(idle, seconds(1)));
}

// A handler that answers later (an EWS callback waiting for its group commit) holds no handler
// thread meanwhile: with one handler thread, ten such requests are all taken while none has
// been answered, and other requests are answered around them. Each gets its own answer, from
// the thread that gives it; one that throws gets 500; a stop waits for the answers it owes.
TEST(HttpServerTest, HandlersThatAnswerLaterHoldNoThreadWhileTheyWait) {
  HttpServerOptions o = options();
  o.handlerThreads = 1;
  TestServer server(o);
  constexpr size_t kLater = 10;
  std::vector<Poco::Net::StreamSocket> waiting;
  for (size_t i = 0; i < kLater; ++i) {
    waiting.push_back(connectTo(server.port()));
    waiting.back().sendBytes(get("/later").data(), static_cast<int>(get("/later").size()));
  }
  ASSERT_TRUE(server.waitForHeld(kLater, seconds(10)));
  Poco::Net::StreamSocket other = connectTo(server.port());
  EXPECT_TRUE(isStatus(roundTrip(other, get("/hello")), 200));
  EXPECT_TRUE(isStatus(roundTrip(other, get("/throw")), 500));
  EXPECT_TRUE(closedWithin(other, seconds(5)));  // after a 500 from a throw

  server.answerHeld();
  std::set<std::string> bodies;
  for (Poco::Net::StreamSocket& s : waiting) {
    const std::string answer = roundTrip(s, "");
    EXPECT_TRUE(isStatus(answer, 200)) << answer;
    bodies.insert(answer.substr(answer.find("\r\n\r\n") + 4));
  }
  EXPECT_EQ(bodies.size(), kLater);  // one answer each
  // Kept alive: the next request on the same connection is served.
  EXPECT_TRUE(isStatus(roundTrip(waiting.front(), get("/hello")), 200));

  // A stop while an answer is owed: the answer still reaches its client.
  Poco::Net::StreamSocket owed = connectTo(server.port());
  owed.sendBytes(get("/later").data(), static_cast<int>(get("/later").size()));
  ASSERT_TRUE(server.waitForHeld(1, seconds(10)));
  std::thread stopper([&] { server.stop(); });
  server.answerHeld();
  EXPECT_TRUE(isStatus(roundTrip(owed, ""), 200));
  stopper.join();
}

// Handlers that answer later (the mail servers' callbacks) have a thread of their own: while
// every handler thread waits (an IMAP account check holds one for seconds), callbacks are still
// taken and answered, and the waiting request is answered once it may.
TEST(HttpServerTest, HandlersThatAnswerLaterAreTakenWhileEveryHandlerThreadWaits) {
  HttpServerOptions o = options();
  o.handlerThreads = 1;
  TestServer server(o);
  Poco::Net::StreamSocket waiting = connectTo(server.port());
  waiting.sendBytes(get("/wait").data(), static_cast<int>(get("/wait").size()));
  ASSERT_TRUE(server.waitForGateWaiter(seconds(10)));

  constexpr size_t kLater = 5;
  std::vector<Poco::Net::StreamSocket> later;
  for (size_t i = 0; i < kLater; ++i) {
    later.push_back(connectTo(server.port()));
    later.back().sendBytes(get("/later").data(), static_cast<int>(get("/later").size()));
  }
  ASSERT_TRUE(server.waitForHeld(kLater, seconds(10)));  // never, were they queued behind /wait
  server.answerHeld();
  for (Poco::Net::StreamSocket& s : later) {
    EXPECT_TRUE(isStatus(roundTrip(s, ""), 200));
  }
  server.openGate();
  const std::string answer = roundTrip(waiting, "");
  EXPECT_TRUE(isStatus(answer, 200)) << answer;
  EXPECT_NE(answer.find("waited"), std::string::npos) << answer;
}

// A stop while requests keep arriving returns, each request answered or its connection closed:
// a request read just as the stop began is still handed to a handler thread (were those
// stopped first, it would wait for an answer, and the stop for it, forever).
TEST(HttpServerTest, AStopWhileRequestsKeepArrivingReturns) {
  // Shared with the thread that stops it: a stop that never returned would outlive the test.
  auto server = std::make_shared<TestServer>(options());
  const unsigned short port = server->port();
  std::atomic<bool> going{true};
  std::atomic<int> answered{0};
  std::promise<void> busy;
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&going, &answered, &busy, port] {
      while (going) {
        try {
          Poco::Net::StreamSocket s = connectTo(port);
          for (int k = 0; k < 20 && going; ++k) {
            if (!isStatus(roundTrip(s, get("/hello"), seconds(5)), 200)) {
              break;
            }
            if (++answered == 200) {
              busy.set_value();
            }
          }
        } catch (const Poco::Exception&) {  // refused once the listener no longer accepts
        }
      }
    });
  }
  const bool wasBusy = busy.get_future().wait_for(seconds(30)) == std::future_status::ready;
  bool stopReturned = false;
  if (wasBusy) {
    auto stopped = std::make_shared<std::promise<void>>();
    std::future<void> returned = stopped->get_future();
    std::thread([server, stopped] {
      server->stop();
      stopped->set_value();
    }).detach();
    stopReturned = returned.wait_for(seconds(30)) == std::future_status::ready;
  }
  going = false;
  for (std::thread& c : clients) {
    c.join();
  }
  ASSERT_TRUE(wasBusy) << answered << " requests answered";
  EXPECT_TRUE(stopReturned) << "the stop did not return";
}

TEST(HttpServerTest, ATlsPortServesTlsAndTellsPlainHttpToUseHttps) {
  testsupport::TempDir dir;
  const std::string cert = dir.path() + "/cert.pem", key = dir.path() + "/key.pem";
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
      "-nodes -subj /CN=localhost -days 1 -keyout " +
      key + " -out " + cert + " 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0);
  HttpServerOptions o = options();
  o.tlsCert = cert;
  o.tlsKey = key;
  TestServer server(o);

  Poco::Net::StreamSocket plain = connectTo(server.port());
  const std::string hint = roundTrip(plain, get("/hello"));
  EXPECT_TRUE(isStatus(hint, 400)) << hint;
  EXPECT_NE(hint.find("https://"), std::string::npos) << hint;

  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "",
                                                           "", "", Poco::Net::Context::VERIFY_NONE);
  Poco::Net::SecureStreamSocket tls(context);
  tls.connect(Poco::Net::SocketAddress("127.0.0.1", server.port()));
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(isStatus(roundTrip(tls, get("/hello")), 200));
  }
}

TEST(HttpServerTest, ANewCertificateIsServedToNewConnectionsOnceReloaded) {
  testsupport::TempDir dir;
  const auto make = [&dir](const std::string& name, const std::string& cn) {
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=" +
        cn + " -days 1 -keyout " + dir.file(name + "-key.pem") + " -out " +
        dir.file(name + "-cert.pem") + " 2>/dev/null";
    return std::system(command.c_str()) == 0;
  };
  ASSERT_TRUE(make("old", "old.test"));
  ASSERT_TRUE(make("new", "new.test"));
  HttpServerOptions o = options();
  o.tlsCert = dir.file("old-cert.pem");
  o.tlsKey = dir.file("old-key.pem");
  TestServer server(o);
  const auto served = [&server] {
    Poco::Net::Context::Ptr context = new Poco::Net::Context(
        Poco::Net::Context::TLS_CLIENT_USE, "", "", "", Poco::Net::Context::VERIFY_NONE);
    Poco::Net::SecureStreamSocket tls(context);
    tls.connect(Poco::Net::SocketAddress("127.0.0.1", server.port()));
    return tls.peerCertificate().commonName();
  };
  EXPECT_EQ(served(), "old.test");
  // Files that cannot be used leave the served certificate alone.
  const Status missing = server.server().reloadTls(dir.file("none.pem"), dir.file("none.pem"));
  EXPECT_EQ(missing.code(), StatusCode::kUnavailable);
  EXPECT_EQ(served(), "old.test");
  ASSERT_TRUE(server.server().reloadTls(dir.file("new-cert.pem"), dir.file("new-key.pem")).ok());
  EXPECT_EQ(served(), "new.test");

  TestServer plain(options());
  EXPECT_EQ(plain.server().reloadTls(dir.file("new-cert.pem"), dir.file("new-key.pem")).code(),
            StatusCode::kInvalid);
}

}  // namespace
}  // namespace enp::http::testing
