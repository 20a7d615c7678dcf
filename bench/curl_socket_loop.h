#pragma once

// libcurl's multi_socket API on epoll, for a load generator with many connections on one
// thread: each wake-up hands libcurl the sockets that are ready, where curl_multi_perform()
// walks every transfer and curl_multi_poll() polls every socket, whichever woke it.

#include <curl/curl.h>

#include <chrono>

namespace bench {

class CurlSocketLoop {
 public:
  /// Takes over `multi`'s socket and timer callbacks. Throws std::runtime_error when epoll
  /// cannot be set up.
  explicit CurlSocketLoop(CURLM* multi);
  ~CurlSocketLoop();
  CurlSocketLoop(const CurlSocketLoop&) = delete;
  CurlSocketLoop& operator=(const CurlSocketLoop&) = delete;

  /// Waits up to `maxWait` for a socket libcurl watches or its timer, and lets libcurl act on
  /// what happened. Finished transfers are then in curl_multi_info_read().
  void runOnce(std::chrono::milliseconds maxWait);

 private:
  using Clock = std::chrono::steady_clock;

  static int onSocket(CURL* easy, curl_socket_t s, int what, void* self, void* socketp);
  static int onTimer(CURLM* multi, long timeoutMs, void* self);

  CURLM* const multi_;
  const int epoll_;
  bool timerArmed_ = false;
  Clock::time_point timerDue_;
};

}  // namespace bench
