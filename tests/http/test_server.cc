#include "test_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/NetException.h>
#include <Poco/URI.h>

#include <thread>

#include "enp/http/http_util.h"

namespace enp::http::testing {
namespace {

std::mutex slowMutex;
std::condition_variable slowCv;
int slowStarted = 0;  // GUARDED_BY(slowMutex)

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(std::shared_ptr<TestServer::Gate> gate) : gate_(std::move(gate)) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    const Poco::URI uri(req.getURI());
    if (uri.getPath() == "/hello") {
      send(resp, 200, "text/plain", "hello");
    } else if (uri.getPath() == "/echo") {
      std::string body;
      switch (readBody(req, 64 << 10, &body)) {
        case BodyStatus::kOk:
          send(resp, 200, "text/plain", body);
          break;
        case BodyStatus::kTooLarge:
          sendError(resp, 413, "body too large");
          lingeringClose(req, resp);
          break;
        default:
          sendError(resp, 408, "body not received in time");
          lingeringClose(req, resp);
          break;
      }
    } else if (uri.getPath() == "/slow") {
      {
        std::lock_guard<std::mutex> lock(slowMutex);
        ++slowStarted;
      }
      slowCv.notify_all();
      const std::string ms = uri.getQuery().substr(uri.getQuery().find('=') + 1);
      std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(ms)));  // a slow handler
      send(resp, 200, "text/plain", "slow");
    } else if (uri.getPath() == "/wait") {
      {
        std::unique_lock<std::mutex> lock(gate_->mutex);
        ++gate_->waiting;
        gate_->cv.notify_all();
        gate_->cv.wait(lock, [this] { return gate_->open; });
      }
      send(resp, 200, "text/plain", "waited");
    } else {
      sendError(resp, 404, "no such path");
    }
  }

 private:
  std::shared_ptr<TestServer::Gate> gate_;
};

class LaterHandler : public AsyncHandler {
 public:
  LaterHandler(std::shared_ptr<TestServer::Held> held, bool throws)
      : held_(std::move(held)), throws_(throws) {}
  void handle(RawRequest, Answer answer) override {
    if (throws_) {
      throw std::runtime_error("a handler that throws");
    }
    {
      std::lock_guard<std::mutex> lock(held_->mutex);
      held_->answers.push_back(std::move(answer));
    }
    held_->cv.notify_all();
  }

 private:
  std::shared_ptr<TestServer::Held> held_;
  const bool throws_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory, public AsyncRoutes {
 public:
  Factory(std::shared_ptr<TestServer::Held> held, std::shared_ptr<TestServer::Gate> gate)
      : held_(std::move(held)), gate_(std::move(gate)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(gate_);
  }
  std::unique_ptr<AsyncHandler> asyncHandler(const RawRequest& request) override {
    if (request.target == "/later" || request.target == "/throw") {
      return std::make_unique<LaterHandler>(held_, request.target == "/throw");
    }
    return nullptr;
  }

 private:
  std::shared_ptr<TestServer::Held> held_;
  std::shared_ptr<TestServer::Gate> gate_;
};

}  // namespace

TestServer::TestServer(HttpServerOptions options) {
  options.address = {"127.0.0.1", 0};
  auto server = HttpServer::open(std::move(options), &metrics_);
  if (!server.ok()) {
    throw std::runtime_error(server.error().message());
  }
  server_ = std::move(*server);
  const Status started = server_->start(new Factory(held_, gate_));
  if (!started.ok()) {
    throw std::runtime_error(started.message());
  }
}

TestServer::~TestServer() {
  openGate();
  server_->stop();
}

bool TestServer::waitForSlowHandler(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(slowMutex);
  return slowCv.wait_for(lock, timeout, [] { return slowStarted > 0; });
}

bool TestServer::waitForHeld(size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(held_->mutex);
  return held_->cv.wait_for(lock, timeout, [this, n] { return held_->answers.size() >= n; });
}

bool TestServer::waitForGateWaiter(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(gate_->mutex);
  return gate_->cv.wait_for(lock, timeout, [this] { return gate_->waiting > 0; });
}

void TestServer::openGate() {
  {
    std::lock_guard<std::mutex> lock(gate_->mutex);
    gate_->open = true;
  }
  gate_->cv.notify_all();
}

void TestServer::answerHeld() {
  std::vector<AsyncHandler::Answer> answers;
  {
    std::lock_guard<std::mutex> lock(held_->mutex);
    answers.swap(held_->answers);
  }
  for (size_t i = 0; i < answers.size(); ++i) {
    answers[i](answerOf(200, "text/plain", "later " + std::to_string(i)));
  }
}

Poco::Net::StreamSocket connectTo(unsigned short port, const std::string& from) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress::IPv4);
  if (from != "127.0.0.1") {
    socket.impl()->bind(Poco::Net::SocketAddress(from, 0));
  }
  socket.connect(Poco::Net::SocketAddress("127.0.0.1", port));
  return socket;
}

std::string roundTrip(Poco::Net::StreamSocket& socket, const std::string& request,
                      std::chrono::milliseconds timeout) {
  if (!request.empty()) {
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
  }
  socket.setReceiveTimeout(Poco::Timespan(std::chrono::microseconds(timeout).count()));
  std::string answer;
  char buf[4096];
  try {
    for (;;) {
      const size_t end = answer.find("\r\n\r\n");
      if (end != std::string::npos) {
        size_t length = 0;
        const size_t cl = answer.find("Content-Length: ");
        if (cl != std::string::npos && cl < end) {
          length = std::stoul(answer.substr(cl + 16));
        }
        if (answer.size() >= end + 4 + length) {
          return answer;
        }
      }
      const int n = socket.receiveBytes(buf, sizeof buf);
      if (n <= 0) {
        return answer;
      }
      answer.append(buf, static_cast<size_t>(n));
    }
  } catch (const Poco::Exception&) {
    return answer;
  }
}

bool closedWithin(Poco::Net::StreamSocket& socket, std::chrono::milliseconds timeout) {
  socket.setReceiveTimeout(Poco::Timespan(std::chrono::microseconds(timeout).count()));
  char buf[256];
  try {
    for (;;) {
      if (socket.receiveBytes(buf, sizeof buf) <= 0) {
        return true;
      }
    }
  } catch (const Poco::TimeoutException&) {
    return false;
  } catch (const Poco::Exception&) {
    return true;  // reset
  }
}

}  // namespace enp::http::testing
