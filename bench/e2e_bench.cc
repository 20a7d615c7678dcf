// e2e_bench: the real `enp serve` (child process) between an in-process fake Exchange
// (synthesizeItems: every item id exists) and fake CNS (HS256), both on loopback with latency.
//
//   --mode ack  acknowledged callbacks per second for --duration seconds (after --warmup), with
//               the pipeline draining the backlog towards the fakes at the same time.
//   --mode e2e  --count K distinct notifications; pushes per second accepted by CNS, from the
//               first acknowledgement to the K-th push, against Little's law
//               max_in_flight / (exchange latency + CNS latency); and the same from the last
//               acknowledgement on (the steady state, without the callbacks' burst).
//   --idle N --slow M  connections held open against the public listener meanwhile: N that send
//               nothing, M that send a header byte a second (the callbacks' latency under them).
//   --mailboxes M  registrations the notifications go to in turn (default 1). With one mailbox
//               a backlog is read in batches of one GetItem; with many, each item is fetched
//               on its own, as in a storm spread over an organisation.
//
//   --postgres 1  the database is PostgreSQL (a throw-away cluster on loopback, started here,
//               with fsync and synchronous_commit on as in production), one node; else SQLite.
//   --nodes 2   with --postgres 1: two nodes on that database sharing the queue, the mailboxes'
//               callbacks going to one and the other in turn.
//
//   --exchange-latency-ms E --cns-latency-ms C  the fakes' latency (default 50 and 20). The
//               CPU-bound "instant" case needs both at 0: the defaults measure a latency-bound
//               run.
//   --max-in-flight N  [pipeline] max_in_flight (default 1024); 0 leaves it out of enp.conf
//               (ENP's own default; an older build that lacks the setting runs as well, with
//               --config giving what it needs instead).
//   --before-load CMD  run by `sh -c` with ENP_PID set, after the registrations and before the
//               load: e.g. `callgrind_control --zero $ENP_PID` when --enp is a script running
//               ENP under callgrind, for the instructions the load alone costs.
//   --insecure-field 0  leaves "allowInsecureHttp" out of the settings, for a build that predates
//               it (8749bc7, the issue's; with --max-in-flight 0 and --config for its workers).
//   --slow-server-ms N  a second Exchange server (fabrikam.com) answering after N ms, with
//               --slow-mailboxes S (default 256) of its own: two mails each are queued first and
//               hold slots meanwhile; what is measured is the first server's mail.
//
//   e2e_bench --enp build/enp/enp --mode e2e --max-in-flight 256 --exchange-latency-ms 50
//             --cns-latency-ms 20 --count 4000 --mailboxes 1000
//   e2e_bench --enp build/enp/enp --mode e2e --exchange-latency-ms 0 --cns-latency-ms 0
//             --count 20000 --mailboxes 1000   (instant)
//   e2e_bench --enp build/enp/enp --mode e2e --count 4000 --mailboxes 1000
//             --slow-server-ms 600000   (another server holding slots)

#include <curl/curl.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>

#include "bench_main.h"
#include "enp_process.h"
#include "fake_cns.h"
#include "fake_exchange.h"
#include "held_connections.h"
#include "load_client.h"
#include "postgres_server.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kMailbox = "alice@contoso.com";
constexpr const char* kRegistrationKey = "bench-regkey-0123456789abcdefghij";
constexpr const char* kHmacSecret = "cns-shared-secret-0123456789abcdef";

// False: settings without allowInsecureHttp, which builds that predate it refuse.
bool gInsecureField = true;

std::string exchangeJson(const std::string& name, const fakes::FakeExchange& ex,
                         const std::string& domain) {
  return R"({"name":")" + name + R"(","ewsUrl":")" + ex.ewsUrl() +
         R"(","version":"Exchange2016","auth":{"type":"basic","username":")" + ex.options().user +
         R"(","password":")" + ex.options().password + R"("},)" +
         (gInsecureField ? R"("allowInsecureHttp":true,)" : "") + R"("domains":[")" + domain +
         R"("]})";
}

// slow: a second server, for fabrikam.com (or none).
std::string settingsJson(const fakes::FakeExchange& ex, const fakes::FakeExchange* slow,
                         const fakes::FakeCns& cns) {
  return R"({"exchange":[)" + exchangeJson("ex1", ex, "contoso.com") +
         (slow != nullptr ? "," + exchangeJson("ex2", *slow, "fabrikam.com") : "") +
         R"(],"cns":{"url":")" + cns.url() +
         R"(","organizationId":"org-contoso","token":"cns-org-token","audience":"cns.example.net",)"
         R"("algorithm":"HS256","key":")" +
         kHmacSecret + R"("},"registrationKeys":[{"label":"bench","key":")" + kRegistrationKey +
         R"("}],"policy":{"privacy":"full","snippetLength":140,"maxAgeMinutes":60}})";
}

double selfCpuSeconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double secondsBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

int run(const std::map<std::string, std::string>& args) {
  auto get = [&](const std::string& key, const std::string& fallback) {
    auto it = args.find(key);
    return it == args.end() ? fallback : it->second;
  };
  const std::string mode = get("mode", "e2e");
  gInsecureField = get("insecure-field", "1") == "1";
  const int inFlight = std::stoi(get("max-in-flight", "1024"));
  const bool onPostgres = get("postgres", "0") == "1";
  const int nodes = onPostgres ? std::stoi(get("nodes", "1")) : 1;
  // The fakes answer with a thread per connection: one for every request each node may have in
  // flight (0: ENP's default of 1,024), else the excess waits unanswered in the listen queue
  // until a connection another holds idle reaches the fake's keep-alive timeout (30 s).
  const int fakeThreads = std::max(256, (inFlight > 0 ? inFlight : 1024) + 64) * nodes;
  const int exLatency = std::stoi(get("exchange-latency-ms", "50"));
  const int cnsLatency = std::stoi(get("cns-latency-ms", "20"));

  fakes::FakeExchangeOptions exOptions;
  exOptions.synthesizeItems = true;
  exOptions.listen.threads = fakeThreads;
  exOptions.listen.backlog = 4096;
  exOptions.maxRecorded = 0;  // read through the counters only
  fakes::FakeExchange exchange(exOptions);
  const int slowServerMs = std::stoi(get("slow-server-ms", "0"));
  const int slowMailboxes = slowServerMs > 0 ? std::stoi(get("slow-mailboxes", "256")) : 0;
  std::unique_ptr<fakes::FakeExchange> slowExchange;
  auto slowName = [](int i) { return "slow" + std::to_string(i) + "@fabrikam.com"; };
  if (slowMailboxes > 0) {
    slowExchange = std::make_unique<fakes::FakeExchange>(exOptions);
    for (int i = 0; i < slowMailboxes; ++i) {
      slowExchange->addMailbox(slowName(i));
    }
    slowExchange->setLatency(std::chrono::milliseconds(slowServerMs));
  }
  const int mailboxes = std::stoi(get("mailboxes", "1"));
  auto mailboxName = [&](int i) {
    return mailboxes == 1 ? std::string(kMailbox) : "user" + std::to_string(i) + "@contoso.com";
  };
  for (int i = 0; i < mailboxes; ++i) {
    exchange.addMailbox(mailboxName(i));
  }
  exchange.setLatency(std::chrono::milliseconds(exLatency));
  fakes::FakeCnsOptions cnsOptions;
  cnsOptions.listen.threads = fakeThreads;
  cnsOptions.listen.backlog = 4096;
  cnsOptions.jwt.algorithm = fakes::JwsAlgorithm::kHS256;
  cnsOptions.jwt.key = kHmacSecret;
  cnsOptions.jwt.issuer = "org-contoso";
  cnsOptions.jwt.audience = "cns.example.net";
  cnsOptions.maxRecorded = 0;  // read through the counters only
  fakes::FakeCns cns(cnsOptions);
  cns.setLatency(std::chrono::milliseconds(cnsLatency));

  const size_t idle = std::stoul(get("idle", "0")), slow = std::stoul(get("slow", "0"));
  if (idle + slow > 0 && bench::raiseFileLimit() < idle + slow + 2000) {
    std::fprintf(stderr, "RLIMIT_NOFILE too low for %zu held connections\n", idle + slow);
    return 1;
  }
  // Every held connection comes from 127.0.0.1: the per-address cap would refuse them.
  std::string extraConfig =
      idle + slow > 0 ? "[public]\nmax_connections_per_address = 100000\n" : "";
  if (slowExchange) {
    extraConfig += "[pipeline]\nshutdown_grace_seconds = 0\n";  // not waiting for its answers
  }
  std::unique_ptr<testsupport::PostgresServer> postgres;
  if (onPostgres) {
    postgres = std::make_unique<testsupport::PostgresServer>();
    // The test cluster starts without durability; a benchmark against SQLite's synchronous=FULL
    // needs it back.
    postgres->execute("ALTER SYSTEM SET fsync = on");
    postgres->execute("ALTER SYSTEM SET synchronous_commit = on");
    postgres->execute("SELECT pg_reload_conf()");
    extraConfig += "[storage]\nbackend = postgresql\nurl = " + postgres->createDatabase("bench") +
                   "\n[cluster]\nnode_name = bench-1\n";
  }
  if (const std::string more = get("config", ""); !more.empty()) {
    // INI lines of the caller's appended to enp.conf (e.g. "[pipeline]\nhttp_threads = 4").
    std::ifstream in(more);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", more.c_str());
      return 2;
    }
    extraConfig += "\n" + std::string(std::istreambuf_iterator<char>(in), {});
  }
  bench::EnpProcess enp({get("enp", ENP_DEFAULT_BINARY),
                         settingsJson(exchange, slowExchange.get(), cns), inFlight, extraConfig});
  std::string error;
  if (!enp.start(&error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  std::unique_ptr<bench::EnpProcess> second;
  if (nodes == 2) {
    std::string config = extraConfig;
    config.replace(config.find("bench-1"), 7, "bench-2");
    second = std::make_unique<bench::EnpProcess>(bench::EnpProcessOptions{
        get("enp", ENP_DEFAULT_BINARY), settingsJson(exchange, slowExchange.get(), cns), inFlight,
        config});
    second->shareDataKeyOf(enp);
    if (!second->start(&error)) {
      std::fprintf(stderr, "second node: %s\n", error.c_str());
      return 1;
    }
  }
  bench::LoadOptions load;
  for (int i = 0; i < mailboxes; ++i) {
    std::string url = enp.registerMailbox(mailboxName(i), kRegistrationKey, &error);
    if (url.empty()) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }
    if (second && i % 2 == 1) {  // the same callback on the other node
      url.replace(url.find(enp.publicAddress()), enp.publicAddress().size(),
                  second->publicAddress());
    }
    load.urls.push_back(url);
  }
  load.connections = std::stoi(get("connections", "64"));
  if (slowExchange) {
    // The slow server's mail first: two each, holding slots (as many as ENP gives it) until
    // the end.
    bench::LoadOptions slowLoad;
    for (int i = 0; i < slowMailboxes; ++i) {
      const std::string url = enp.registerMailbox(slowName(i), kRegistrationKey, &error);
      if (url.empty()) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
      }
      slowLoad.urls.push_back(url);
    }
    slowLoad.connections = load.connections;
    slowLoad.maxRequests = 2 * static_cast<uint64_t>(slowMailboxes);
    slowLoad.idBase = 1'000'000'000;
    const bench::LoadResult queued = bench::runLoad(slowLoad);
    const size_t holding = static_cast<size_t>(std::min(slowMailboxes, 32));
    if (queued.errors > 0 || !slowExchange->waitForConcurrent(holding, std::chrono::seconds(60))) {
      std::fprintf(stderr, "the slow server's mail did not take its slots: %s\n%s\n",
                   queued.firstError.c_str(), enp.logTail().c_str());
      return 1;
    }
  }
  if (mode == "ack") {
    load.duration = std::chrono::milliseconds(std::stoi(get("duration", "10")) * 1000);
    load.warmup = std::chrono::milliseconds(std::stoi(get("warmup", "2")) * 1000);
  } else {
    load.maxRequests = std::stoull(get("count", "4000"));
  }

  std::unique_ptr<bench::HeldConnections> held;
  if (idle + slow > 0) {
    const std::string& address = enp.publicAddress();
    held = std::make_unique<bench::HeldConnections>(Poco::Net::SocketAddress(address), idle, slow);
  }
  if (const std::string cmd = get("before-load", ""); !cmd.empty()) {
    ::setenv("ENP_PID", std::to_string(enp.pid()).c_str(), 1);
    if (const int rc = std::system(cmd.c_str()); rc != 0) {
      std::fprintf(stderr, "--before-load failed (%d): %s\n", rc, cmd.c_str());
      return 1;
    }
  }
  enp.resetPeakRss();
  // ENP's CPU: both nodes' when there are two.
  auto enpCpuNow = [&] { return enp.cpuSeconds() + (second ? second->cpuSeconds() : 0.0); };
  const double enpCpu0 = enpCpuNow(), selfCpu0 = selfCpuSeconds();
  const Clock::time_point t0 = Clock::now();
  bench::LoadResult r = bench::runLoad(load);
  Clock::time_point tEnd = Clock::now();
  // The last callback acknowledged: the pushes from here on run without the acks' burst, whose
  // threads outrank the lanes (nice) while it lasts.
  const Clock::time_point tAcked = tEnd;
  const uint64_t pushedWhenAcked = cns.counters().accepted;
  bool complete = true;
  if (mode != "ack") {
    complete = cns.waitForPushes(load.maxRequests, std::chrono::seconds(300));
    tEnd = Clock::now();
  }
  const double enpCpu = enpCpuNow() - enpCpu0, selfCpu = selfCpuSeconds() - selfCpu0;
  const double wall = secondsBetween(t0, tEnd);
  const fakes::CnsCounters pushed = cns.counters();
  const fakes::ExchangeCounters fetched = exchange.counters();
  const uint64_t slowInFlight = slowExchange ? slowExchange->counters().maxConcurrent : 0;
  const double peakRss = enp.peakRssMb();
  if (!complete) {
    std::fprintf(stderr, "incomplete; the end of enp's log:\n%s\n", enp.logTail().c_str());
  }
  if (second) {
    second->stop();
  }
  enp.stop();

  const size_t reopened = held ? held->reopened() : 0;
  held.reset();
  std::printf(
      "mode=%s database=%s nodes=%d max_in_flight=%d exchange_ms=%d cns_ms=%d connections=%d "
      "mailboxes=%d idle=%zu slow=%zu slow_reopened=%zu slow_server_ms=%d "
      "slow_server_in_flight=%llu\n",
      mode.c_str(), onPostgres ? "postgresql" : "sqlite", nodes, inFlight, exLatency, cnsLatency,
      load.connections, mailboxes, idle, slow, reopened, slowServerMs,
      static_cast<unsigned long long>(slowInFlight));
  std::printf("acks: %s\n", bench::summaryLine(r).c_str());
  if (mode == "ack") {
    std::printf(
        "enp_cpu_s=%.2f wall_s=%.2f enp_cores=%.2f enp_cpu_us_per_ack=%.0f "
        "bench_cpu_s=%.2f pushes_meanwhile=%llu enp_peak_rss_mb=%.1f\n",
        enpCpu, wall, enpCpu / wall, 1e6 * enpCpu / static_cast<double>(r.sent), selfCpu,
        static_cast<unsigned long long>(pushed.accepted), peakRss);
  } else {
    const double pushSeconds = secondsBetween(r.firstOk, tEnd);
    const double rate = static_cast<double>(load.maxRequests) / pushSeconds;
    // Little's law needs a known limit and a latency: 0 where either is missing.
    const bool bounded = inFlight > 0 && exLatency + cnsLatency > 0;
    const double little = bounded ? inFlight * 1000.0 / (exLatency + cnsLatency) : 0.0;
    const double overheadMs = bounded ? inFlight * 1000.0 / rate - (exLatency + cnsLatency) : 0.0;
    std::printf("pushes=%llu getitems=%llu duplicates=%llu rejected=%llu complete=%s\n",
                static_cast<unsigned long long>(pushed.accepted),
                static_cast<unsigned long long>(fetched.getItems),
                static_cast<unsigned long long>(pushed.duplicates),
                static_cast<unsigned long long>(pushed.rejected), complete ? "yes" : "NO");
    std::printf(
        "push_rps=%.0f push_seconds=%.2f little_rps=%.0f ratio_to_little=%.2f "
        "overhead_ms_per_event=%.1f\n",
        rate, pushSeconds, little, bounded ? rate / little : 0.0, overheadMs);
    // Steady state: what was pushed after the last acknowledgement, over the time it took.
    const double afterSeconds = secondsBetween(tAcked, tEnd);
    const uint64_t pushedAfter = load.maxRequests - std::min(load.maxRequests, pushedWhenAcked);
    const double afterRate = afterSeconds > 0 ? static_cast<double>(pushedAfter) / afterSeconds : 0;
    std::printf(
        "acked_s=%.2f pushed_when_acked=%llu push_rps_after_acks=%.0f "
        "ratio_to_little_after_acks=%.2f\n",
        secondsBetween(r.firstOk, tAcked), static_cast<unsigned long long>(pushedWhenAcked),
        afterRate, bounded ? afterRate / little : 0.0);
    std::printf(
        "enp_cpu_s=%.2f wall_s=%.2f enp_cores=%.2f enp_cpu_us_per_event=%.0f "
        "bench_cpu_s=%.2f enp_peak_rss_mb=%.1f\n",
        enpCpu, wall, enpCpu / wall, 1e6 * enpCpu / static_cast<double>(load.maxRequests), selfCpu,
        peakRss);
  }
  return r.errors == 0 && complete ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  return bench::benchMain(
      argc, argv, "e2e_bench",
      "e2e_bench [--mode ack|e2e] [--enp PATH] [--max-in-flight N] "
      "[--exchange-latency-ms N] [--cns-latency-ms N] [--connections N] "
      "[--count K] [--duration S] [--warmup S] [--mailboxes M] [--idle N] [--slow M] "
      "[--slow-server-ms N] [--slow-mailboxes S] [--before-load CMD] [--insecure-field 0|1] "
      "[--config FILE (INI lines appended to enp.conf)]",
      run);
}
