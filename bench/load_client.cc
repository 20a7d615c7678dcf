#include "load_client.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

#include "curl_socket_loop.h"
#include "send_notification.h"

namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kOkMarker = "SubscriptionStatus>OK</";

// What Exchange 2016 sends for one arrived message: CreatedEvent + NewMailEvent for the item.
// Each target (mailbox) has its own subscription whose watermarks continue from one
// notification to the next (`sequence` counts that target's notifications), as Exchange sends
// them: a callback is a gap only when the load itself reorders one mailbox's notifications.
std::string notificationBody(uint64_t id, size_t target, uint64_t sequence,
                             const std::string& timeStamp) {
  fakes::Notification n;
  n.subscriptionId = "bench-subscription-" + std::to_string(target) + "-0123456789abcdef";
  n.previousWatermark = fakes::makeWatermark(2 * sequence);
  const std::string item = fakes::makeItemId(id);
  const std::string inbox =
      "AAMkAGIxNWIwYjUyLWJhOGYtNDAxNi05NmJhLTNmMjgwNDA0YzQ3ZQAuAAAAAAAbtpIIDn2dQ5c0nGKzNAKiAQC"
      "TFXmRz1vKSrO1zXRLLqnGAAAAAAEMAAA=";  // an Inbox id as Exchange 2016 renders it
  n.events.push_back(
      fakes::createdEvent(item, inbox, fakes::makeWatermark(2 * sequence + 1), timeStamp));
  n.events.push_back(
      fakes::newMailEvent(item, inbox, fakes::makeWatermark(2 * sequence + 2), timeStamp));
  return fakes::buildSendNotification(n);
}

size_t appendBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// One keep-alive connection's request slot (libcurl keeps the connection in the multi's cache
// between requests and hands it back to the next request of any slot).
struct Slot {
  CURL* easy = nullptr;
  std::string body;
  std::string response;
  Clock::time_point start;
};

struct CurlMultiDeleter {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

double percentileMs(std::vector<int64_t>& us, double p) {
  if (us.empty()) {
    return 0;
  }
  size_t k = std::min(us.size() - 1, static_cast<size_t>(p * static_cast<double>(us.size())));
  std::nth_element(us.begin(), us.begin() + static_cast<std::ptrdiff_t>(k), us.end());
  return static_cast<double>(us[k]) / 1000.0;
}

}  // namespace

bool isLoopbackUrl(const std::string& url) {
  for (const char* prefix : {"http://127.0.0.1:", "http://localhost:", "http://[::1]:"}) {
    if (url.rfind(prefix, 0) == 0) {
      return true;
    }
  }
  return false;
}

LoadResult runLoad(const LoadOptions& o) {
  const std::vector<std::string> targets =
      o.urls.empty() ? std::vector<std::string>{o.url} : o.urls;
  for (const std::string& url : targets) {
    if (!isLoopbackUrl(url)) {
      throw std::runtime_error("refusing a non-loopback target: " + url);
    }
  }
  if (o.connections < 1 || (o.duration.count() <= 0 && o.maxRequests == 0)) {
    throw std::runtime_error("need connections >= 1 and a duration or a request count");
  }
  std::unique_ptr<CURLM, CurlMultiDeleter> multi(curl_multi_init());
  std::unique_ptr<curl_slist, SlistDeleter> headers(
      curl_slist_append(nullptr, "Content-Type: text/xml; charset=utf-8"));
  // Without this libcurl waits for "100 Continue" before every body over 1 KB.
  curl_slist_append(headers.get(), "Expect:");
  if (!multi || !headers) {
    throw std::runtime_error("libcurl initialisation failed");
  }
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(o.connections));
  curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(o.connections));
  CurlSocketLoop loop(multi.get());

  const std::string timeStamp =
      Poco::DateTimeFormatter::format(Poco::DateTime(), "%Y-%m-%dT%H:%M:%SZ");
  std::vector<Slot> slots(static_cast<size_t>(o.connections));
  LoadResult r;
  uint64_t next = 0;
  const Clock::time_point begin = Clock::now();
  const Clock::time_point measureFrom = begin + o.warmup;
  const Clock::time_point deadline = begin + o.warmup + o.duration;
  Clock::time_point lastCounted = measureFrom;
  std::vector<int64_t> latencyUs;
  bool sawOk = false;

  auto mayIssue = [&] {
    if (o.maxRequests > 0 && next >= o.maxRequests) {
      return false;
    }
    return o.duration.count() <= 0 || Clock::now() < deadline;
  };
  auto issue = [&](Slot& s) {
    const size_t target = next % targets.size();
    curl_easy_setopt(s.easy, CURLOPT_URL, targets[target].c_str());
    s.body = notificationBody(o.idBase + next, target, next / targets.size(), timeStamp);
    ++next;
    s.response.clear();
    curl_easy_setopt(s.easy, CURLOPT_POSTFIELDS, s.body.data());
    curl_easy_setopt(s.easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(s.body.size()));
    s.start = Clock::now();
    curl_multi_add_handle(multi.get(), s.easy);
    ++r.sent;
  };

  int active = 0;  // handles added to the multi and not yet done
  for (Slot& s : slots) {
    s.easy = curl_easy_init();
    curl_easy_setopt(s.easy, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(s.easy, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(s.easy, CURLOPT_WRITEDATA, &s.response);
    curl_easy_setopt(s.easy, CURLOPT_PRIVATE, &s);
    curl_easy_setopt(s.easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(s.easy, CURLOPT_TIMEOUT, 30L);
    if (mayIssue()) {
      issue(s);
      ++active;
    }
  }
  r.bodyBytes = slots.front().body.size();

  while (active > 0) {
    loop.runOnce(std::chrono::milliseconds(100));
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) {
        continue;
      }
      Slot* s = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &s);
      const CURLcode code = msg->data.result;
      curl_multi_remove_handle(multi.get(), s->easy);
      --active;
      const Clock::time_point now = Clock::now();
      long status = 0;
      curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status);
      if (code == CURLE_OK && status == 200 && s->response.find(kOkMarker) != std::string::npos) {
        if (!sawOk) {
          sawOk = true;
          r.firstOk = now;
        }
        if (now >= measureFrom && (o.duration.count() <= 0 || now <= deadline)) {
          ++r.ok;
          lastCounted = now;
          latencyUs.push_back(
              std::chrono::duration_cast<std::chrono::microseconds>(now - s->start).count());
        }
      } else {
        if (r.errors++ == 0) {
          r.firstError = code != CURLE_OK
                             ? curl_easy_strerror(code)
                             : "HTTP " + std::to_string(status) + ": " + s->response.substr(0, 200);
        }
      }
      if (mayIssue()) {
        issue(*s);
        ++active;
      }
    }
  }
  for (Slot& s : slots) {
    curl_easy_cleanup(s.easy);
  }
  const Clock::time_point end = o.duration.count() > 0 ? deadline : lastCounted;
  r.seconds = std::chrono::duration<double>(end - measureFrom).count();
  r.perSecond = r.seconds > 0 ? static_cast<double>(r.ok) / r.seconds : 0;
  r.p50Ms = percentileMs(latencyUs, 0.50);
  r.p99Ms = percentileMs(latencyUs, 0.99);
  r.maxMs =
      latencyUs.empty()
          ? 0
          : static_cast<double>(*std::max_element(latencyUs.begin(), latencyUs.end())) / 1000.0;
  return r;
}

std::string summaryLine(const LoadResult& r) {
  char line[256];
  std::snprintf(line, sizeof line,
                "ok=%llu errors=%llu sent=%llu seconds=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f "
                "max_ms=%.2f body_bytes=%zu",
                static_cast<unsigned long long>(r.ok), static_cast<unsigned long long>(r.errors),
                static_cast<unsigned long long>(r.sent), r.seconds, r.perSecond, r.p50Ms, r.p99Ms,
                r.maxMs, r.bodyBytes);
  return line;
}

}  // namespace bench
