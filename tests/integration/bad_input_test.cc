// DESIGN §6.4: bad input gets a clear answer, a counter and a log line, never a crash.
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <atomic>
#include <thread>

#include "pipeline_fixture.h"

namespace itest {
namespace {

class BadInputTest : public PipelineTest {
 protected:
  HttpResult post(const std::string& body, const std::string& type = "text/xml; charset=utf-8") {
    return httpRequest("POST", reg_.callbackUrl, body, type);
  }
  void expectStillServing() {
    addMail("after-1", "Still here");
    ASSERT_EQ(pushNewMail(reg_.callbackUrl, "after-1").status, fakes::PushOutcome::Status::kOk);
    ASSERT_TRUE(cns_->waitForPushes(1, std::chrono::seconds(30))) << daemon_->log();
  }
};

TEST_F(BadInputTest, MalformedXmlIs400) {
  auto r = post("<soap:Envelope><unclosed>");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(metricValue(metrics(), "enp_notify_requests_total{result=\"malformed\"}"), 1);
  expectStillServing();
}

TEST_F(BadInputTest, AnUnknownTokenIsAnsweredWithoutParsingItsBody) {
  // 100,000 attributes with an undeclared prefix: costly to parse, never parsed for a token
  // that is no registration's.
  std::string hostile = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><x:a";
  for (int i = 0; i < 100000; ++i) {
    hostile += " a" + std::to_string(i) + "=\"\"";
  }
  hostile += "/></s:Envelope>";
  const std::string unknown = daemon_->publicBase() + "/ews/notify/no-such-registration-token";
  auto r = httpRequest("POST", unknown, hostile, "text/xml; charset=utf-8");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Unsubscribe"), std::string::npos);
  const std::string m = metrics();
  EXPECT_EQ(metricValue(m, "enp_notify_requests_total{result=\"unsubscribe\"}"), 1);
  EXPECT_EQ(metricValue(m, "enp_notify_requests_total{result=\"malformed\"}"), 0);
  expectStillServing();
}

TEST_F(BadInputTest, AGarbageTimeStampFallsBackToTheArrivalTime) {
  // Poco's parser once read "not-a-date" as year 0 and the mail expired at once.
  for (const char* stamp : {"not-a-date", "0001-01-01T00:00:00Z"}) {
    const std::string id = std::string("stamp-") + stamp;
    addMail(id, "Garbage time stamp");
    fakes::Notification n;
    n.subscriptionId = "sub-1";
    n.previousWatermark = fakes::makeWatermark(1);
    n.events.push_back(fakes::newMailEvent(id, "inbox-folder-id", fakes::makeWatermark(2), stamp));
    ASSERT_EQ(pushXml(reg_.callbackUrl, fakes::buildSendNotification(n)).status,
              fakes::PushOutcome::Status::kOk);
  }
  ASSERT_TRUE(cns_->waitForPushes(2, std::chrono::seconds(30))) << daemon_->log();
  EXPECT_EQ(metricValue(metrics(), "enp_events_finished_total{state=\"expired\"}"), 0);
}

TEST_F(BadInputTest, TenMegabyteBodyIs413) {
  // ENP answers from the headers, before the body is sent (and closes the connection), as a
  // client that announces 10 MB sees it.
  Poco::URI uri(reg_.callbackUrl);
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress(uri.getHost(), uri.getPort()));
  std::string head = "POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() +
                     "\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: " +
                     std::to_string(10 * 1024 * 1024) + "\r\n\r\n";
  socket.sendBytes(head.data(), static_cast<int>(head.size()));
  char buf[512] = {};
  int n = socket.receiveBytes(buf, sizeof buf - 1);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, 12), "HTTP/1.1 413");
  EXPECT_EQ(metricValue(metrics(), "enp_notify_requests_total{result=\"too_large\"}"), 1);
  expectStillServing();
}

TEST_F(BadInputTest, TenMegabyteBodyWrittenBeforeReadingStillGets413) {
  // A client that writes all of its body before it reads (Python's urllib) must see the 413,
  // not a connection reset: ENP reads and discards what follows the answer before it closes.
  std::string error;
  const std::string answer = postWholeThenRead(
      reg_.callbackUrl, 10 * 1024 * 1024, {{"Content-Type", "text/xml; charset=utf-8"}}, &error);
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 413") << error;
  EXPECT_NE(Poco::toLower(answer).find("connection: close"), std::string::npos) << answer;
  EXPECT_EQ(metricValue(metrics(), "enp_notify_requests_total{result=\"too_large\"}"), 1);
  expectStillServing();
}

TEST_F(BadInputTest, ExternalEntityIsRefusedWithoutReadingTheFile) {
  const std::string xxe =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
      "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>&xxe;"
      "</s:Body></s:Envelope>";
  auto r = post(xxe);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.find("root:"), std::string::npos);
  EXPECT_EQ(daemon_->countLog("root:x:0:0"), 0u);
  expectStillServing();
}

TEST_F(BadInputTest, BillionLaughsIsRefused) {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
  doc += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i) {
    doc += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) {
      doc += "&lol" + std::to_string(i - 1) + ";";
    }
    doc += "\">\n";
  }
  doc += "]>\n<lolz>&lol9;</lolz>";
  auto r = post(doc);
  EXPECT_EQ(r.status, 400);
  expectStillServing();
}

TEST_F(BadInputTest, WrongContentTypeIs415) {
  auto r = post("{\"hello\":1}", "application/json");
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(metricValue(metrics(), "enp_notify_requests_total{result=\"bad_content_type\"}"), 1);
  expectStillServing();
}

TEST_F(BadInputTest, AHeaderWithControlCharactersIsRefusedAndKeptOutOfTheLog) {
  Poco::URI uri(reg_.callbackUrl);
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress(uri.getHost(), uri.getPort()));
  socket.setReceiveTimeout(Poco::Timespan(30, 0));
  const std::string request = "POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() +
                              "\r\nContent-Type: evil/\x1b[2J\x07" + std::string(5000, 'x') +
                              "\r\nContent-Length: 0\r\n\r\n";
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  char buf[512] = {};
  ASSERT_GT(socket.receiveBytes(buf, sizeof buf - 1), 0);
  // RFC 9110 5.5: a field value holds no control characters but HTAB.
  EXPECT_EQ(std::string(buf, 12), "HTTP/1.1 400");
  expectLog("public: malformed request from 127.0.0.1 refused (400)");
  EXPECT_EQ(daemon_->countLog("\x1b"), 0u);
  EXPECT_EQ(daemon_->countLog("\x07"), 0u);
  EXPECT_EQ(daemon_->countLog("evil"), 0u);  // nothing of the request is logged
  expectStillServing();
}

TEST_F(BadInputTest, WrongMethodIs405) {
  auto r = httpRequest("GET", reg_.callbackUrl);
  EXPECT_EQ(r.status, 405);
  expectStillServing();
}

TEST_F(BadInputTest, MailContentStaysOutOfInfoLogs) {
  // The daemon under test logs at debug; this checks the info-and-above lines only.
  expectStillServing();
  std::istringstream lines(daemon_->log());
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find(" D [") != std::string::npos) {
      continue;
    }
    EXPECT_EQ(line.find("Still here"), std::string::npos) << line;
    EXPECT_EQ(line.find("Hello Alice"), std::string::npos) << line;
  }
}

// Slow clients (DESIGN §6.4): a short request timeout so the test is quick.
class SlowClientTest : public BadInputTest {
 protected:
  std::string daemonConfig() const override { return "[pipeline]\nrequest_timeout_seconds = 2\n"; }
  Poco::Net::StreamSocket connect() {
    Poco::URI uri(reg_.callbackUrl);
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress(uri.getHost(), uri.getPort()));
    socket.setReceiveTimeout(Poco::Timespan(30, 0));
    return socket;
  }
  std::string head(size_t contentLength) {
    Poco::URI uri(reg_.callbackUrl);
    return "POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() +
           "\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: " +
           std::to_string(contentLength) + "\r\n\r\n";
  }
};

TEST_F(SlowClientTest, TricklingBodyGets408AndOthersAreServedMeanwhile) {
  const std::string body(2000, ' ');
  Poco::Net::StreamSocket socket = connect();
  const std::string h = head(body.size());
  socket.sendBytes(h.data(), static_cast<int>(h.size()));
  // The slow client: a byte every 100 ms would take 200 s for the body.
  std::atomic<bool> answered{false};
  std::thread trickle([&] {
    for (size_t i = 0; i < body.size() && !answered; ++i) {
      try {
        socket.sendBytes(&body[i], 1);
      } catch (const Poco::Exception&) {
        return;  // closed by ENP
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  expectStillServing();  // while the slow client holds its connection
  const auto start = std::chrono::steady_clock::now();
  char buf[512] = {};
  int n = socket.receiveBytes(buf, sizeof buf - 1);
  answered = true;
  trickle.join();
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, 12), "HTTP/1.1 408");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(metricValue(metrics(), "enp_notify_requests_total{result=\"too_slow\"}"), 1);
  expectLog("notification refused (408)");
}

TEST_F(SlowClientTest, SilentConnectionIsClosed) {
  Poco::Net::StreamSocket socket = connect();
  const std::string partial = "POST /ews/notify/x HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  socket.sendBytes(partial.data(), static_cast<int>(partial.size()));
  // Then nothing: ENP closes the connection after the request timeout (2 s), with or without
  // an answer, instead of holding a thread for it.
  const auto start = std::chrono::steady_clock::now();
  char buf[512];
  int n = 0;
  try {
    while ((n = socket.receiveBytes(buf, sizeof buf)) > 0) {
    }
  } catch (const Poco::Net::ConnectionResetException&) {
    n = 0;
  }
  EXPECT_EQ(n, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  expectStillServing();
}

}  // namespace
}  // namespace itest
