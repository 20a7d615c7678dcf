// subscribe_bench: how ENP subscribes many registrations of a server set to
// subscriptions: "enp" — the real `enp serve` against the in-process fake Exchange (Subscribe
// answered after --exchange-latency-ms), --registrations mailboxes registered through the API as
// fast as they go. Reports the time until every one is subscribed, the highest number of
// Subscribe requests Exchange saw in any one second (the rate limit at work) and ENP's CPU.
//
//   subscribe_bench --registrations 1000 --rate 20 --concurrency 8 --exchange-latency-ms 50

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <exception>
#include <map>
#include <string>
#include <thread>

#include "bench_main.h"
#include "enp_process.h"
#include "fake_cns.h"
#include "fake_exchange.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kRegistrationKey = "bench-regkey-0123456789abcdefghij";
constexpr const char* kHmacSecret = "cns-shared-secret-0123456789abcdef";

std::string settingsJson(const fakes::FakeExchange& ex, const fakes::FakeCns& cns) {
  return std::string(R"({"exchange":[{"name":"ex1","ewsUrl":")") + ex.ewsUrl() +
         R"(","version":"Exchange2016","auth":{"type":"basic","username":")" + ex.options().user +
         R"(","password":")" + ex.options().password +
         R"("},"allowInsecureHttp":true,"domains":["contoso.com"],"subscriptions":"enp","statusFrequencyMinutes":15}],)"
         R"("cns":{"url":")" +
         cns.url() +
         R"(","organizationId":"org-contoso","token":"cns-org-token","audience":"cns.example.net",)"
         R"("algorithm":"HS256","key":")" +
         kHmacSecret + R"("},"registrationKeys":[{"label":"bench","key":")" + kRegistrationKey +
         R"("}],"policy":{"privacy":"full","snippetLength":140,"maxAgeMinutes":60}})";
}

int run(const std::map<std::string, std::string>& args) {
  auto get = [&](const std::string& key, const std::string& fallback) {
    auto it = args.find(key);
    return it == args.end() ? fallback : it->second;
  };
  const int count = std::stoi(get("registrations", "1000"));
  const int rate = std::stoi(get("rate", "20"));
  const int concurrency = std::stoi(get("concurrency", "8"));
  const int latency = std::stoi(get("exchange-latency-ms", "50"));

  fakes::FakeExchangeOptions exOptions;
  exOptions.listen.threads = 64;
  fakes::FakeExchange exchange(exOptions);
  auto mailbox = [](int i) { return "user" + std::to_string(i) + "@contoso.com"; };
  for (int i = 0; i < count; ++i) {
    exchange.addMailbox(mailbox(i));
  }
  exchange.setLatency(std::chrono::milliseconds(latency));
  fakes::FakeCnsOptions cnsOptions;
  cnsOptions.jwt.algorithm = fakes::JwsAlgorithm::kHS256;
  cnsOptions.jwt.key = kHmacSecret;
  fakes::FakeCns cns(cnsOptions);

  bench::EnpProcess enp({get("enp", ENP_DEFAULT_BINARY), settingsJson(exchange, cns), 32,
                         "[subscriptions]\nrate_per_server = " + std::to_string(rate) +
                             "\nconcurrency = " + std::to_string(concurrency) + "\n"});
  std::string error;
  if (!enp.start(&error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  const double cpu0 = enp.cpuSeconds();
  const Clock::time_point t0 = Clock::now();
  // Registrations from a thread of their own, while the subscribes are sampled.
  std::thread registering([&] {
    std::string e;
    for (int i = 0; i < count; ++i) {
      if (enp.registerMailbox(mailbox(i), kRegistrationKey, &e).empty()) {
        std::fprintf(stderr, "registration %d: %s\n", i, e.c_str());
        return;
      }
    }
  });
  // Subscribes seen by Exchange, sampled every 100 ms; the busiest second is the largest
  // difference over ten consecutive samples.
  std::deque<uint64_t> window;
  uint64_t busiest = 0;
  uint64_t seen = 0;
  const Clock::time_point limit = t0 + std::chrono::seconds(600);
  while (seen < static_cast<uint64_t>(count) && Clock::now() < limit) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    seen = exchange.counters().subscribes;
    window.push_back(seen);
    if (window.size() > 11) {
      window.pop_front();
    }
    busiest = std::max(busiest, window.back() - window.front());
  }
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  registering.join();
  const double cpu = enp.cpuSeconds() - cpu0;
  const fakes::ExchangeCounters c = exchange.counters();
  enp.stop();
  std::printf("registrations=%d rate_per_server=%d concurrency=%d exchange_ms=%d\n", count, rate,
              concurrency, latency);
  std::printf(
      "subscribed=%llu seconds=%.1f mean_per_s=%.1f busiest_second=%llu schema_rejected=%llu "
      "enp_cpu_s=%.2f\n",
      static_cast<unsigned long long>(c.subscribes), wall, static_cast<double>(c.subscribes) / wall,
      static_cast<unsigned long long>(busiest), static_cast<unsigned long long>(c.schemaRejected),
      cpu);
  return seen >= static_cast<uint64_t>(count) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  return bench::benchMain(argc, argv, "subscribe_bench",
                          "subscribe_bench [--enp PATH] [--registrations N] [--rate R] "
                          "[--concurrency C] [--exchange-latency-ms N]",
                          run);
}
