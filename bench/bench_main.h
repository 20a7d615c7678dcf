#pragma once

// The main() the benchmarks share: "--key value" options, libcurl set up around the run, and
// an exception reported instead of a crash.

#include <functional>
#include <map>
#include <string>

namespace bench {

using Args = std::map<std::string, std::string>;

/// Reads "--key value" pairs into Args and returns run(args), between curl_global_init and
/// curl_global_cleanup. Anything that is not such a pair prints "usage: <usage>" and returns 2;
/// an exception from run prints "<name>: <what>" and returns 1.
int benchMain(int argc, char** argv, const char* name, const char* usage,
              const std::function<int(const Args&)>& run);

}  // namespace bench
