// reference_server: the floor ENP's callback endpoint is compared with. A Poco HTTPServer with
// the public listener's parameters (enp/app/listener.cc, default [pipeline] http_threads) whose
// handler reads the body and answers the SendNotificationResult OK bytes ENP sends, without
// parsing or storing anything. Loopback only; prints "port=N" and serves until SIGTERM/SIGINT.
//
//   reference_server [--port 0] [--threads 256]

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <istream>
#include <ostream>
#include <string>
#include <utility>

#include "ews/notification.h"

namespace {

class ReferenceHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit ReferenceHandler(const std::string& answer) : answer_(answer) {}

  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    // Read the body as ENP does (http::readBody), then drop it.
    std::string body;
    if (req.hasContentLength()) {
      body.reserve(static_cast<size_t>(req.getContentLength64()));
    }
    std::istream& in = req.stream();
    char buf[16384];
    while (in) {
      in.read(buf, sizeof buf);
      if (in.gcount() <= 0) {
        break;
      }
      body.append(buf, static_cast<size_t>(in.gcount()));
    }
    resp.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    resp.setContentType("text/xml; charset=utf-8");
    resp.setContentLength(static_cast<std::streamsize>(answer_.size()));
    resp.set("Cache-Control", "no-store");
    resp.send() << answer_;
  }

 private:
  const std::string& answer_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(std::string answer) : answer_(std::move(answer)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new ReferenceHandler(answer_);
  }

 private:
  const std::string answer_;
};

}  // namespace

int main(int argc, char** argv) {
  unsigned short port = 0;
  int threads = 256;  // BootstrapConfig::httpThreads default
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--port") {
      port = static_cast<unsigned short>(std::atoi(argv[i + 1]));
    } else if (arg == "--threads") {
      threads = std::atoi(argv[i + 1]);
    } else {
      std::fprintf(stderr, "usage: reference_server [--port N] [--threads N]\n");
      return 2;
    }
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // The same parameters as enp::Listener for the public listener.
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", port), 256);
  Poco::ThreadPool pool(2, threads, 60);
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(threads);
  params->setMaxQueued(512);
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(5, 0));  // BootstrapConfig::keepAliveSeconds
  params->setMaxKeepAliveRequests(1000);
  params->setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPServer server(
      new Factory(ews::renderSendNotificationResult(ews::SubscriptionStatus::kOk)), pool, socket,
      params);
  server.start();
  std::printf("port=%u\n", static_cast<unsigned>(socket.address().port()));
  std::fflush(stdout);
  int sig = 0;
  sigwait(&signals, &sig);
  server.stopAll(true);
  pool.joinAll();
  return 0;
}
