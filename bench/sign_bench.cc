// CPU per signed CNS payload (enp::CnsSigner::sign) for each algorithm, with a notification as
// the pipeline builds it. Prints one line per algorithm:
//   algorithm=HS256 tokens=20000 us_per_token=2.1 token_bytes=702

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "enp/sink/cns/cns_signer.h"
#include "enp/sink/payload.h"
#include "jws/jws_keys.h"

namespace {

double cpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const int tokens = argc > 1 ? std::atoi(argv[1]) : 20000;
  enp::PushMail mail;
  mail.fromName = "Alice Example";
  mail.fromAddress = "alice@example.com";
  mail.subject = "Budget for Q3 — the numbers";
  mail.snippetSource =
      "Hi team, attached are the numbers for the third quarter; please review before Friday.";
  const Poco::JSON::Object::Ptr notification = enp::buildNotificationClaim(mail, true, {});
  for (enp::JwtAlgorithm algorithm :
       {enp::JwtAlgorithm::kHS256, enp::JwtAlgorithm::kES256, enp::JwtAlgorithm::kRS256}) {
    enp::CnsConfig config;
    config.url = "https://cns.example.com/v1/notify";
    config.organizationId = "org-42";
    config.token = "bearer";
    config.audience = "cns.example.com";
    config.algorithm = algorithm;
    config.keyId = "key-1";
    config.key = algorithm == enp::JwtAlgorithm::kHS256   ? std::string(48, 'k')
                 : algorithm == enp::JwtAlgorithm::kES256 ? testsupport::makeEcPem("P-256")
                                                          : testsupport::makeRsaPem(2048);
    auto signer = enp::CnsSigner::create(config);
    if (!signer.ok()) {
      std::fprintf(stderr, "sign_bench: %s\n", signer.error().message().c_str());
      return 1;
    }
    // RS256 costs ~100x the others: fewer tokens, same per-token figure.
    const int n = algorithm == enp::JwtAlgorithm::kRS256 ? tokens / 20 : tokens;
    size_t bytes = 0;
    const double start = cpuSeconds();
    for (int i = 0; i < n; ++i) {
      bytes += (*signer)
                   ->sign("device-token-0123456789abcdef", "jti-" + std::to_string(i), notification,
                          std::chrono::system_clock::now())
                   .size();
    }
    const double seconds = cpuSeconds() - start;
    std::printf("algorithm=%s tokens=%d us_per_token=%.1f token_bytes=%zu\n",
                enp::toString(algorithm), n, seconds * 1e6 / n, bytes / static_cast<size_t>(n));
  }
  return 0;
}
