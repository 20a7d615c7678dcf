// imap_bench: the IMAP watcher at scale — the real `enp serve` watching --accounts IMAP accounts
// on a local Dovecot (tests/imap/dovecot_server.h, its limits raised for that many connections),
// each registered through the public API with its password. Measures how long until every
// account is idling (enp_mailbox_connections{state="idle"} in /metrics), then ENP's RSS, CPU
// seconds and threads over --idle-seconds of idling, then delivers one mail to --deliveries
// mailboxes, one after another, and the time from the start of each delivery (`doveadm save`)
// to its push at the fake CNS (p50 / p99).
//
//   imap_bench --accounts 1000 --connects-per-second 20 --idle-seconds 60 --deliveries 100

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "bench_main.h"
#include "dovecot_server.h"
#include "enp_process.h"
#include "fake_cns.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kRegistrationKey = "bench-regkey-0123456789abcdefghij";
constexpr const char* kHmacSecret = "cns-shared-secret-0123456789abcdef";

std::string user(int i) { return "user" + std::to_string(i); }
std::string password(int i) { return "pw-" + std::to_string(i) + "-abcd-efgh"; }

std::string settingsJson(const testsupport::DovecotServer& dovecot, const fakes::FakeCns& cns) {
  return std::string(R"({"mailServers":[{"name":"dovecot","preset":"custom","type":"imap",)") +
         R"("host":"localhost","port":)" + std::to_string(dovecot.imapsPort()) +
         R"(,"security":"tls","caFile":")" + dovecot.caFile() +
         R"(","domains":["example.com"]}],"cns":{"url":")" + cns.url() +
         R"(","organizationId":"org-contoso","token":"cns-org-token","audience":"cns.example.net",)"
         R"("algorithm":"HS256","key":")" +
         kHmacSecret + R"("},"registrationKeys":[{"label":"bench","key":")" + kRegistrationKey +
         R"("}],"policy":{"privacy":"full","snippetLength":140,"maxAgeMinutes":60}})";
}

std::string registrationBody(int i) {
  return R"({"mailbox":")" + user(i) +
         R"(@example.com","deviceToken":"bench-device-token","platform":"ios",)"
         R"("timeZone":"Europe/Berlin","account":{"server":"dovecot","username":")" +
         user(i) + R"(","password":")" + password(i) + R"("}})";
}

// The value of one series in Prometheus text; -1 when absent.
double metric(const std::string& text, const std::string& series) {
  const size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) {
    return -1;
  }
  return std::stod(text.substr(at + series.size() + 2));
}

std::string mail(int i) {
  return "From: Alice Sender <alice@fabrikam.com>\r\nTo: " + user(i) +
         "@example.com\r\nSubject: bench mail " + std::to_string(i) +
         "\r\nDate: " + "Tue, 01 Dec 2026 10:00:00 +0000" + "\r\nMessage-ID: <bench-" +
         std::to_string(i) +
         "@fabrikam.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello " + user(i) +
         ", this is the benchmark's mail.\r\n";
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) {
    return 0;
  }
  std::sort(v.begin(), v.end());
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  return v[k];
}

int run(const std::map<std::string, std::string>& args) {
  auto get = [&](const std::string& key, const std::string& fallback) {
    auto it = args.find(key);
    return it == args.end() ? fallback : it->second;
  };
  const int count = std::stoi(get("accounts", "1000"));
  const int rate = std::stoi(get("connects-per-second", "20"));
  const int idleSeconds = std::stoi(get("idle-seconds", "60"));
  const int deliveries = std::min(count, std::stoi(get("deliveries", "100")));

  testsupport::DovecotOptions dovecotOptions;
  dovecotOptions.users.clear();
  for (int i = 0; i < count; ++i) {
    dovecotOptions.users.emplace_back(user(i), password(i));
  }
  dovecotOptions.maxConnections = count;
  testsupport::DovecotServer dovecot(dovecotOptions);

  fakes::FakeCnsOptions cnsOptions;
  cnsOptions.jwt.algorithm = fakes::JwsAlgorithm::kHS256;
  cnsOptions.jwt.key = kHmacSecret;
  fakes::FakeCns cns(cnsOptions);

  bench::EnpProcess enp(
      {get("enp", ENP_DEFAULT_BINARY), settingsJson(dovecot, cns), 1024,
       "[imap]\nreload_ms = 1000\nconnects_per_second = " + std::to_string(rate) + "\n"});
  std::string error;
  if (!enp.start(&error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  // Registrations, one after another (each logs in to Dovecot before its 201), while the
  // watcher already connects the first ones.
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < count; ++i) {
    if (enp.postRegistration(registrationBody(i), kRegistrationKey, &error).empty()) {
      std::fprintf(stderr, "registration %d: %s\n", i, error.c_str());
      return 1;
    }
  }
  const double registerSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
  std::fprintf(stderr, "registered %d in %.1f s\n", count, registerSeconds);
  // Until every account idles: /metrics every 200 ms, at most 10 minutes.
  double idle = 0;
  std::string text;
  while (idle < count && Clock::now() < t0 + std::chrono::minutes(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    text = enp.metrics();
    idle = metric(text, R"(enp_mailbox_connections{state="idle"})");
  }
  const double allIdleSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
  if (idle < count) {
    std::fprintf(stderr, "only %.0f of %d idle after 10 minutes:\n%s\n%s\n", idle, count,
                 text.c_str(), enp.logTail().c_str());
    return 1;
  }
  std::fprintf(stderr, "all %d idle after %.1f s\n", count, allIdleSeconds);

  // Idle window.
  enp.resetPeakRss();
  const double cpu0 = enp.cpuSeconds();
  std::this_thread::sleep_for(std::chrono::seconds(idleSeconds));
  const double idleCpu = enp.cpuSeconds() - cpu0;
  const double rss = enp.rssMb();
  const double peak = enp.peakRssMb();
  const int threads = enp.threads();
  text = enp.metrics();
  const double stillIdle = metric(text, R"(enp_mailbox_connections{state="idle"})");

  // Deliveries, one after another: from the start of `doveadm save` to the push.
  std::vector<double> latencies;
  const double cpu1 = enp.cpuSeconds();
  for (int k = 0; k < deliveries; ++k) {
    const int i = static_cast<int>(static_cast<long>(k) * count / deliveries);
    const size_t before = cns.counters().accepted;
    const Clock::time_point start = Clock::now();
    dovecot.deliver(user(i), mail(i));
    if (!cns.waitForPushes(before + 1, std::chrono::seconds(30))) {
      std::fprintf(stderr, "no push for %s within 30 s\n%s\n", user(i).c_str(),
                   enp.logTail().c_str());
      return 1;
    }
    latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  const double deliveryCpu = enp.cpuSeconds() - cpu1;
  enp.stop();

  std::printf("accounts=%d connects_per_second=%d idle_seconds=%d deliveries=%d\n", count, rate,
              idleSeconds, deliveries);
  std::printf("registered_s=%.1f all_idle_s=%.1f idle_after_window=%.0f\n", registerSeconds,
              allIdleSeconds, stillIdle);
  std::printf("idle: enp_rss_mb=%.1f enp_peak_rss_mb=%.1f enp_cpu_s=%.2f threads=%d\n", rss, peak,
              idleCpu, threads);
  std::printf("delivery_to_push_ms: p50=%.0f p99=%.0f max=%.0f enp_cpu_s=%.2f\n",
              percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(latencies, 1.0),
              deliveryCpu);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return bench::benchMain(argc, argv, "imap_bench",
                          "imap_bench [--enp PATH] [--accounts N] [--connects-per-second R] "
                          "[--idle-seconds S] [--deliveries D]",
                          run);
}
