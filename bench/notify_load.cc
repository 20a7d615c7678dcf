// notify_load: drives POST /ews/notify/{token} (or any loopback URL answering
// SendNotificationResult) with realistic SendNotification bodies and reports answers per second
// and latency. Bounded: stops after --duration seconds or --requests requests.
//
//   notify_load --url http://127.0.0.1:PORT/ews/notify/TOKEN [--connections 64]
//               [--duration 10] [--warmup 2] [--requests N] [--id-base 1]

#include <curl/curl.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "load_client.h"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: notify_load --url URL [--connections N] [--duration S] [--warmup S] "
               "[--requests N] [--id-base N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bench::LoadOptions o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) {
      return usage();
    }
    const std::string value = argv[++i];
    if (arg == "--url") {
      o.url = value;
    } else if (arg == "--connections") {
      o.connections = std::atoi(value.c_str());
    } else if (arg == "--duration") {
      o.duration = std::chrono::milliseconds(static_cast<int64_t>(std::atof(value.c_str()) * 1000));
    } else if (arg == "--warmup") {
      o.warmup = std::chrono::milliseconds(static_cast<int64_t>(std::atof(value.c_str()) * 1000));
    } else if (arg == "--requests") {
      o.maxRequests = std::strtoull(value.c_str(), nullptr, 10);
    } else if (arg == "--id-base") {
      o.idBase = std::strtoull(value.c_str(), nullptr, 10);
    } else {
      return usage();
    }
  }
  if (o.url.empty()) {
    return usage();
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int rc = 0;
  try {
    bench::LoadResult r = bench::runLoad(o);
    std::printf("%s\n", bench::summaryLine(r).c_str());
    if (r.errors > 0) {
      std::fprintf(stderr, "first error: %s\n", r.firstError.c_str());
      rc = 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "notify_load: %s\n", e.what());
    rc = 2;
  }
  curl_global_cleanup();
  return rc;
}
