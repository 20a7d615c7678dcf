// What one request in flight costs in memory: N requests sent through ews::CurlMulti (the
// pipeline's transport) to a loopback server that reads each to its end and never answers.
// Heap in use (mallinfo2) and RSS are read once the first request has arrived and again once
// all N have: the difference per request is what a waiting GetItem or push holds in the
// transport (libcurl's easy handle, connection and receive buffer, ENP's own Call).
//
//   transfer_memory_bench [--transfers N] [--buffer BYTES] [--body BYTES]
#include <malloc.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ews/curl_multi.h"
#include "held_connections.h"

namespace {

constexpr const char* kEnd = "</end>";  // the last bytes of every request body

// Accepts connections and reads their requests to the end, answering none.
class SilentServer {
 public:
  SilentServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&a), len) != 0 ||
        ::listen(listener_, 4096) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      throw std::runtime_error(std::string("listening: ") + std::strerror(errno));
    }
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~SilentServer() {
    stop_ = true;
    thread_.join();
    for (const Conn& c : conns_) {
      ::close(c.fd);
    }
    ::close(listener_);
  }

  int port() const { return port_; }

  void awaitRequests(size_t n) {
    std::unique_lock<std::mutex> lock(mutex_);
    arrived_.wait(lock, [&] { return complete_ >= n; });
  }

 private:
  struct Conn {
    int fd;
    std::string tail;  // the last bytes read, to find kEnd across reads
    bool done = false;
  };

  void run() {
    char buffer[16384];
    while (!stop_.load()) {
      std::vector<pollfd> fds{{listener_, POLLIN, 0}};
      for (const Conn& c : conns_) {
        fds.push_back({c.fd, static_cast<short>(c.done ? 0 : POLLIN), 0});
      }
      if (::poll(fds.data(), fds.size(), 100) <= 0) {
        continue;
      }
      for (size_t i = 1; i < fds.size(); ++i) {
        if ((fds[i].revents & POLLIN) == 0) {
          continue;
        }
        Conn& c = conns_[i - 1];
        const ssize_t got = ::read(c.fd, buffer, sizeof buffer);
        if (got <= 0) {
          c.done = true;
          continue;
        }
        c.tail.append(buffer, static_cast<size_t>(got));
        if (c.tail.find(kEnd) != std::string::npos) {
          c.done = true;
          std::lock_guard<std::mutex> lock(mutex_);
          ++complete_;
          arrived_.notify_all();
        } else if (c.tail.size() > 64) {
          c.tail.erase(0, c.tail.size() - 64);
        }
      }
      if (fds[0].revents & POLLIN) {
        const int fd = ::accept(listener_, nullptr, nullptr);
        if (fd >= 0) {
          conns_.push_back({fd, {}});
        }
      }
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::vector<Conn> conns_;  // the server's thread only
  std::mutex mutex_;
  std::condition_variable arrived_;
  size_t complete_ = 0;
  std::thread thread_;
};

double rssMb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return std::stod(line.substr(6)) / 1024.0;
    }
  }
  return 0;
}

size_t heapInUse() { return mallinfo2().uordblks; }

}  // namespace

int main(int argc, char** argv) {
  size_t transfers = 1024;
  long buffer = ews::CurlMultiOptions{}.receiveBufferBytes;
  size_t body = 1500;  // about a GetItem request
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const long value = std::stol(argv[i + 1]);
    if (flag == "--transfers") {
      transfers = static_cast<size_t>(value);
    } else if (flag == "--buffer") {
      buffer = value;
    } else if (flag == "--body") {
      body = static_cast<size_t>(value);
    } else {
      std::fprintf(stderr, "unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  bench::raiseFileLimit();
  SilentServer server;
  ews::CurlMultiOptions options;
  options.receiveBufferBytes = buffer;
  options.threadName = "bench-http-out";
  auto multi = std::make_unique<ews::CurlMulti>(options);

  ews::TransportOptions transport;
  transport.totalTimeoutMs = 600'000;
  ews::HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/EWS/Exchange.asmx";
  request.body = std::string(body - std::strlen(kEnd), 'x') + kEnd;
  request.headers.push_back({"Content-Type", "text/xml; charset=utf-8"});
  std::atomic<size_t> answered{0};
  auto send = [&] {
    multi->send(transport, request, [&answered](ews::Result<ews::HttpReply>) { ++answered; });
  };

  send();  // the first one sets up what every transfer shares (DNS cache, connection pool)
  server.awaitRequests(1);
  const size_t heapBefore = heapInUse();
  const double rssBefore = rssMb();
  for (size_t i = 0; i < transfers; ++i) {
    send();
  }
  server.awaitRequests(transfers + 1);
  const size_t heapAfter = heapInUse();
  const double rssAfter = rssMb();
  std::printf(
      "transfers=%zu buffer=%ld body=%zu in_flight=%zu heap_mb=%.1f rss_mb=%.1f "
      "heap_per_transfer_kb=%.1f rss_per_transfer_kb=%.1f answered=%zu\n",
      transfers, buffer, body, multi->inFlight(), (heapAfter - heapBefore) / 1048576.0,
      rssAfter - rssBefore, (heapAfter - heapBefore) / 1024.0 / static_cast<double>(transfers),
      (rssAfter - rssBefore) * 1024.0 / static_cast<double>(transfers), answered.load());
  multi.reset();  // ends the transfers still waiting
  return 0;
}
