#include "curl_socket_loop.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace bench {
namespace {

uint32_t epollEvents(int what) {
  uint32_t events = 0;
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) {
    events |= EPOLLIN;
  }
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) {
    events |= EPOLLOUT;
  }
  return events;
}

}  // namespace

CurlSocketLoop::CurlSocketLoop(CURLM* multi) : multi_(multi), epoll_(epoll_create1(EPOLL_CLOEXEC)) {
  if (epoll_ < 0) {
    throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
  }
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlSocketLoop::onSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlSocketLoop::onTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
}

CurlSocketLoop::~CurlSocketLoop() {
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, nullptr);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, nullptr);
  close(epoll_);
}

int CurlSocketLoop::onSocket(CURL* /*easy*/, curl_socket_t s, int what, void* self, void* socketp) {
  auto* loop = static_cast<CurlSocketLoop*>(self);
  if (what == CURL_POLL_REMOVE) {
    // libcurl may have closed the socket already: then the kernel dropped it from the set.
    (void)epoll_ctl(loop->epoll_, EPOLL_CTL_DEL, s, nullptr);
    curl_multi_assign(loop->multi_, s, nullptr);
    return 0;
  }
  epoll_event ev{};
  ev.events = epollEvents(what);
  ev.data.fd = s;
  if (socketp == nullptr) {
    if (epoll_ctl(loop->epoll_, EPOLL_CTL_ADD, s, &ev) != 0 && errno == EEXIST) {
      (void)epoll_ctl(loop->epoll_, EPOLL_CTL_MOD, s, &ev);
    }
    curl_multi_assign(loop->multi_, s, loop);  // marks it as in the set
  } else {
    (void)epoll_ctl(loop->epoll_, EPOLL_CTL_MOD, s, &ev);
  }
  return 0;
}

int CurlSocketLoop::onTimer(CURLM* /*multi*/, long timeoutMs, void* self) {
  auto* loop = static_cast<CurlSocketLoop*>(self);
  loop->timerArmed_ = timeoutMs >= 0;
  loop->timerDue_ = Clock::now() + std::chrono::milliseconds(std::max(0L, timeoutMs));
  return 0;
}

void CurlSocketLoop::runOnce(std::chrono::milliseconds maxWait) {
  auto wait = maxWait;
  if (timerArmed_) {
    wait = std::clamp(std::chrono::ceil<std::chrono::milliseconds>(timerDue_ - Clock::now()),
                      std::chrono::milliseconds(0), maxWait);
  }
  std::array<epoll_event, 64> ready;
  const int n = epoll_wait(epoll_, ready.data(), static_cast<int>(ready.size()),
                           static_cast<int>(wait.count()));
  int running = 0;
  for (int i = 0; i < n; ++i) {
    const uint32_t e = ready[static_cast<size_t>(i)].events;
    const int flags = ((e & EPOLLIN) != 0 ? CURL_CSELECT_IN : 0) |
                      ((e & EPOLLOUT) != 0 ? CURL_CSELECT_OUT : 0) |
                      ((e & (EPOLLERR | EPOLLHUP)) != 0 ? CURL_CSELECT_ERR : 0);
    curl_multi_socket_action(multi_, ready[static_cast<size_t>(i)].data.fd, flags, &running);
  }
  if (timerArmed_ && Clock::now() >= timerDue_) {
    timerArmed_ = false;
    curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
  }
}

}  // namespace bench
