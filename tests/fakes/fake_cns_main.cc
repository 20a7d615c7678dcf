// fake-cns: the FakeCns as a standalone program for benchmarks and manual tests.
// Prints the bound port as the first line of stdout, then serves until SIGTERM or SIGINT.

#include <chrono>
#include <iostream>
#include <mutex>
#include <stdexcept>

#include "fake_cns.h"
#include "main_util.h"

namespace {

constexpr const char* kUsage =
    "usage: fake-cns [--listen HOST:PORT] [--token TOKEN] [--alg HS256|RS256|ES256]\n"
    "                (--secret SECRET | --key PUBLIC.pem) [--kid KID] [--issuer ISS]\n"
    "                [--audience AUD] [--latency-ms N] [--threads N] [--no-time-check]\n"
    "                [--print-pushes]\n"
    "  --token     the organisation's Bearer token (default cns-org-token)\n"
    "  --secret    HS256 shared secret; --key: RS256/ES256 public key PEM file\n"
    "  --print-pushes  print \"push <claims JSON>\" on stdout for each accepted push\n"
    "The first line of stdout is the bound port; the URL is http://HOST:PORT/v1/notifications.\n";

}  // namespace

int main(int argc, char** argv) {
  fakes::blockTerminationSignals();
  const fakes::CommandLine args =
      fakes::parseCommandLine(argc, argv,
                              {"--listen", "--token", "--alg", "--secret", "--key", "--kid",
                               "--issuer", "--audience", "--latency-ms", "--threads"},
                              {"--no-time-check", "--print-pushes", "--help"});
  if (!args.ok || args.has("--help")) {
    (args.ok ? std::cout : std::cerr) << (args.ok ? "" : args.error + "\n") << kUsage;
    return args.ok ? 0 : 2;
  }
  try {
    fakes::FakeCnsOptions options;
    if (const auto listen = args.get("--listen")) {
      const auto parsed = fakes::parseListen(*listen, options.listen);
      if (!parsed) {
        std::cerr << "--listen must be HOST:PORT\n" << kUsage;
        return 2;
      }
      options.listen = *parsed;
    }
    if (const auto threads = args.get("--threads")) {
      options.listen.threads = std::stoi(*threads);
    }
    options.organizationToken = args.get("--token").value_or(options.organizationToken);
    const std::string alg = args.get("--alg").value_or("HS256");
    if (alg == "HS256") {
      options.jwt.algorithm = fakes::JwsAlgorithm::kHS256;
      options.jwt.key = args.get("--secret").value_or("");
    } else if (alg == "RS256" || alg == "ES256") {
      options.jwt.algorithm =
          alg == "RS256" ? fakes::JwsAlgorithm::kRS256 : fakes::JwsAlgorithm::kES256;
      options.jwt.key = fakes::readWholeFile(args.get("--key").value_or(""));
    } else {
      std::cerr << "--alg must be HS256, RS256 or ES256\n" << kUsage;
      return 2;
    }
    if (options.jwt.key.empty()) {
      std::cerr << "a key is required: --secret for HS256, --key for RS256/ES256\n" << kUsage;
      return 2;
    }
    options.jwt.keyId = args.get("--kid").value_or("");
    options.jwt.issuer = args.get("--issuer").value_or("");
    options.jwt.audience = args.get("--audience").value_or("");
    options.jwt.checkTime = !args.has("--no-time-check");
    if (args.has("--print-pushes")) {
      options.onAccepted = [](const std::string& claims) {
        static std::mutex out;
        std::lock_guard lock(out);
        std::cout << "push " << claims << std::endl;
      };
    }
    fakes::FakeCns cns(options);
    if (const auto latency = args.get("--latency-ms")) {
      cns.setLatency(std::chrono::milliseconds(std::stoi(*latency)));
    }
    std::cout << cns.port() << std::endl;
    std::cerr << "fake-cns: serving " << cns.url() << "\n";
    fakes::waitForTerminationSignal();
    const fakes::CnsCounters c = cns.counters();
    std::cerr << "fake-cns: requests=" << c.requests << " accepted=" << c.accepted
              << " rejected=" << c.rejected << " duplicates=" << c.duplicates << "\n";
  } catch (const std::exception& e) {
    std::cerr << "fake-cns: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
