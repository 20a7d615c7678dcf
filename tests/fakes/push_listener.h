#pragma once

// A minimal push listener for the fakes' tests: answers SendNotification POSTs from a script
// (then 200 OK with SubscriptionStatus OK), records what it got, and lets a test wait for it.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "loopback_server.h"

namespace fakes::testing {

/// A SendNotificationResult body with SubscriptionStatus status ("OK" or "Unsubscribe"), as
/// tests/data/ews/sendnotificationresult_*_exchangelib.xml.
std::string sendNotificationResult(const std::string& status);

class PushListener {
 public:
  struct Received {
    std::string contentType;
    std::string soapAction;
    std::string body;
  };

  PushListener();
  ~PushListener();

  /// The next `times` POSTs are answered with status and body.
  void answer(int status, std::string body, int times = 1);
  /// Every POST from now on is answered with status and body (until answerAlways is called
  /// again); the script of answer() is used first.
  void answerAlways(int status, std::string body);
  std::string url() const;
  std::vector<Received> received() const;
  /// Waits until at least n POSTs arrived; false on timeout.
  bool waitForCount(size_t n, std::chrono::milliseconds timeout) const;

 private:
  class Handler;
  class Factory;

  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::deque<std::pair<int, std::string>> script_;
  std::pair<int, std::string> always_;
  std::vector<Received> received_;
  std::unique_ptr<LoopbackServer> server_;  // Last: stopped before the state above goes away.
};

}  // namespace fakes::testing
