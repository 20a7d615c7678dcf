// idle_bench: what `enp serve` costs with nothing to deliver, by the number of registrations:
// the keepers' looks for due subscriptions and working hours, the dashboard's counts. The real
// ENP against the in-process fakes (a server with subscriptions "app", the default); the
// registrations, and with --records 1 the subscription records the keeper would have written
// (app-managed, next checks spread over the hour), are written straight into ENP's SQLite file
// while it is stopped, then ENP runs idle for --duration seconds after --warmup.
//
//   idle_bench --registrations 100000 --duration 30
//
// Prints registrations=N cpu_ms_per_s=X (ENP's CPU milliseconds per second of wall time).

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>

#include "bench_main.h"
#include "enp_process.h"
#include "fake_cns.h"
#include "fake_exchange.h"

namespace {

constexpr const char* kHmacSecret = "cns-shared-secret-0123456789abcdef";

std::string settingsJson(const fakes::FakeExchange& ex, const fakes::FakeCns& cns) {
  return std::string(R"({"exchange":[{"name":"ex1","ewsUrl":")") + ex.ewsUrl() +
         R"(","version":"Exchange2016","auth":{"type":"basic","username":")" + ex.options().user +
         R"(","password":")" + ex.options().password +
         R"("},"allowInsecureHttp":true,"domains":["contoso.com"]}],"cns":{"url":")" + cns.url() +
         R"(","organizationId":"org-contoso","token":"cns-org-token","audience":"cns.example.net",)"
         R"("algorithm":"HS256","key":")" +
         kHmacSecret + R"("},"registrationKeys":[{"label":"bench","key":")" +
         "bench-regkey-0123456789abcdefghij" +
         R"("}],"policy":{"privacy":"full","snippetLength":140,"maxAgeMinutes":60}})";
}

int64_t wallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Registrations (and their records) as ENP would have written them, created two days ago.
void writeRegistrations(const std::string& file, int count, bool records) {
  SQLite::Database db(file, SQLite::OPEN_READWRITE);
  SQLite::Transaction tx(db);
  SQLite::Statement reg(db,
                        "INSERT INTO registrations(id, mailbox, device_token, platform, policy, "
                        "callback_hash, secret_hash, key_label, created_at, updated_at) VALUES "
                        "(?, ?, ?, 'ios', '{\"detailed\":true}', ?, 'secret', 'bench', ?, ?)");
  SQLite::Statement rec(db,
                        "INSERT INTO subscriptions(registration_id, state, next_check_at) "
                        "VALUES (?, 'app-managed', ?)");
  const int64_t now = wallMs();
  const int64_t created = now - 2 * 86'400'000;
  for (int i = 0; i < count; ++i) {
    const std::string id = "reg-" + std::to_string(i);
    reg.bind(1, id);
    reg.bind(2, "user" + std::to_string(i) + "@contoso.com");
    reg.bind(3, "device-token-" + std::to_string(i));
    reg.bind(4, "callback-hash-" + std::to_string(i));
    reg.bind(5, created + i);
    reg.bind(6, created + i);
    reg.exec();
    reg.reset();
    if (records) {
      rec.bind(1, id);
      rec.bind(2, now + 60'000 + (static_cast<int64_t>(i) * 3'600'000) / count);
      rec.exec();
      rec.reset();
    }
  }
  tx.commit();
}

int run(const std::map<std::string, std::string>& args) {
  auto get = [&](const std::string& key, const std::string& fallback) {
    auto it = args.find(key);
    return it == args.end() ? fallback : it->second;
  };
  const int count = std::stoi(get("registrations", "100000"));
  const bool records = get("records", "1") == "1";
  const int warmup = std::stoi(get("warmup", "10"));
  const int duration = std::stoi(get("duration", "30"));

  fakes::FakeExchange exchange(fakes::FakeExchangeOptions{});
  fakes::FakeCnsOptions cnsOptions;
  cnsOptions.jwt.algorithm = fakes::JwsAlgorithm::kHS256;
  cnsOptions.jwt.key = kHmacSecret;
  fakes::FakeCns cns(cnsOptions);
  bench::EnpProcess enp({get("enp", ENP_DEFAULT_BINARY), settingsJson(exchange, cns), 0, ""});
  std::string error;
  // A first start creates the database and its schema; the rows go in while ENP is stopped.
  if (!enp.start(&error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  enp.stop();
  writeRegistrations(enp.dataDir() + "/enp.db", count, records);
  if (!enp.start(&error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  std::this_thread::sleep_for(std::chrono::seconds(warmup));
  const double cpu0 = enp.cpuSeconds();
  std::this_thread::sleep_for(std::chrono::seconds(duration));
  const double cpu = enp.cpuSeconds() - cpu0;
  const double rss = enp.rssMb();
  enp.stop();
  std::printf("registrations=%d records=%d seconds=%d cpu_ms_per_s=%.1f rss_mb=%.1f\n", count,
              records ? 1 : 0, duration, cpu * 1000 / duration, rss);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return bench::benchMain(argc, argv, "idle_bench",
                          "idle_bench [--enp PATH] [--registrations N] [--records 0|1] "
                          "[--warmup S] [--duration S]",
                          run);
}
