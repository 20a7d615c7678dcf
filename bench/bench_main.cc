#include "bench_main.h"

#include <curl/curl.h>

#include <cstdio>
#include <exception>

namespace bench {

int benchMain(int argc, char** argv, const char* name, const char* usage,
              const std::function<int(const Args&)>& run) {
  Args args;
  for (int i = 1; i < argc; i += 2) {
    const std::string key = argv[i];
    if (key.rfind("--", 0) != 0 || i + 1 == argc) {
      std::fprintf(stderr, "usage: %s\n", usage);
      return 2;
    }
    args[key.substr(2)] = argv[i + 1];
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int rc = 1;
  try {
    rc = run(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", name, e.what());
  }
  curl_global_cleanup();
  return rc;
}

}  // namespace bench
