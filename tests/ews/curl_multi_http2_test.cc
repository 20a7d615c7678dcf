// CurlMulti against a real HTTP/2 server (Debian's nghttpd, nghttp2-server) over TLS: requests
// in flight at once share one connection as HTTP/2 streams instead of opening one each.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "ews/curl_multi.h"
#include "free_port.h"
#include "temp_dir.h"

namespace ews {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kNghttpd = "/usr/sbin/nghttpd";

// nghttpd serving a directory over TLS (ALPN h2) on a free loopback port, with a fresh
// self-signed certificate for 127.0.0.1.
class Nghttpd {
 public:
  Nghttpd() : dir_("enp-h2") {
    const std::string cert = dir_.file("cert.pem"), key = dir_.file("key.pem");
    const std::string openssl =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "
        "/CN=localhost -addext subjectAltName=IP:127.0.0.1 -days 2 -keyout " +
        key + " -out " + cert + " >/dev/null 2>&1";
    if (std::system(openssl.c_str()) != 0) {
      throw std::runtime_error("openssl could not make a certificate");
    }
    dir_.write("notify", "{\"accepted\":true}\n");
    port_ = testsupport::freeLoopbackPort();
    const std::string log = dir_.file("nghttpd.log");
    pid_ = fork();
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      const std::string port = std::to_string(port_);
      execl(kNghttpd, "nghttpd", "--address=127.0.0.1", "-d", dir_.path().c_str(), port.c_str(),
            key.c_str(), cert.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~Nghttpd() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/notify"; }
  std::string caFile() const { return dir_.file("cert.pem"); }
  pid_t pid() const { return pid_; }

 private:
  testsupport::TempDir dir_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
};

// Sends `n` POSTs at once and waits for every answer (60 s at most).
std::vector<Result<HttpReply>> sendAtOnce(CurlMulti& multi, const std::string& url,
                                          const std::string& caFile, int n) {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<Result<HttpReply>> replies;
  for (int i = 0; i < n; ++i) {
    TransportOptions options;
    options.caFile = caFile;
    HttpRequest request;
    request.url = url;
    request.body = "{\"n\":" + std::to_string(i) + "}";
    request.headers = {{"Content-Type", "application/json"}};
    multi.send(options, request, [&](Result<HttpReply> reply) {
      std::lock_guard lock(mutex);
      replies.push_back(std::move(reply));
      cv.notify_all();
    });
  }
  std::unique_lock lock(mutex);
  cv.wait_for(lock, std::chrono::seconds(60), [&] { return replies.size() == size_t(n); });
  return replies;
}

TEST(CurlMultiHttp2, RequestsInFlightAtOnceShareOneConnectionAsStreams) {
  ASSERT_EQ(access(kNghttpd, X_OK), 0)
      << "nghttpd missing: scripts/setup.sh installs nghttp2-server";
  Nghttpd server;
  {
    // The server is up once a request is answered (it may still be starting: tried until then).
    CurlMulti probe;
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    for (;;) {
      std::vector<Result<HttpReply>> first = sendAtOnce(probe, server.url(), server.caFile(), 1);
      if (!first.empty() && first[0].ok()) {
        break;
      }
      ASSERT_LT(Clock::now(), deadline)
          << "nghttpd did not answer: " << (first.empty() ? "no reply" : first[0].error().message);
      ASSERT_EQ(waitpid(server.pid(), nullptr, WNOHANG), 0) << "nghttpd exited";
      poll(nullptr, 0, 20);  // the next attempt; the condition is an answer
    }
  }
  // Forty requests at once on a loop with no connection yet: they wait for the first one's TLS
  // handshake to say whether it multiplexes (it does: h2), then all go over it as streams.
  CurlMulti multi;
  const std::vector<Result<HttpReply>> replies =
      sendAtOnce(multi, server.url(), server.caFile(), 40);
  ASSERT_EQ(replies.size(), 40u);
  for (const auto& r : replies) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "{\"accepted\":true}\n");
  }
  EXPECT_EQ(multi.connectionsOpened(), 1u);
}

}  // namespace
}  // namespace ews
