// fake-graph: the FakeGraph (Microsoft Graph and the identity platform's token endpoint) as a
// standalone program for manual tests and demonstrations. Prints the bound port as the first
// line of stdout, then serves until SIGTERM or SIGINT.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "fake_graph.h"
#include "main_util.h"

namespace {

constexpr const char* kUsage =
    "usage: fake-graph [--listen HOST:PORT] [--http] [--tenant-id ID] [--client-id GUID]\n"
    "                  [--client-secret SECRET] [--certificate FILE.pem]\n"
    "                  [--mailboxes A,B,...] [--mail-every-ms N] [--granted-lifetime-ms N]\n"
    "                  [--delta-page-size N] [--threads N]\n"
    "  --listen       address to bind (default 127.0.0.1:0 = any free port)\n"
    "  --http         plain HTTP (default: HTTPS with a fresh self-signed certificate whose\n"
    "                 file is printed on stderr: the graph[].caFile that makes it trusted)\n"
    "  --tenant-id, --client-id  the app registration (defaults: contoso.onmicrosoft.com and\n"
    "                 6731de76-14a6-49ae-97bc-6eba6914391e)\n"
    "  --client-secret  a secret accepted at the token endpoint\n"
    "  --certificate  the certificate uploaded to the app (client assertions signed with its key)\n"
    "  --mailboxes    mailboxes Graph knows, comma-separated\n"
    "  --mail-every-ms  a new mail arrives in every mailbox this often (notified to subscribers)\n"
    "  --granted-lifetime-ms  the longest subscription lifetime granted (default 10080 minutes)\n"
    "  --delta-page-size  messages on a page of a delta query (default 2)\n"
    "The first line of stdout is the bound port; graph[].authorityUrl and graphUrl are both\n"
    "https://HOST:PORT.\n";

std::vector<std::string> splitComma(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) {
    if (!part.empty()) {
      out.push_back(part);
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  fakes::blockTerminationSignals();
  const fakes::CommandLine args = fakes::parseCommandLine(
      argc, argv,
      {"--listen", "--tenant-id", "--client-id", "--client-secret", "--certificate", "--mailboxes",
       "--mail-every-ms", "--granted-lifetime-ms", "--delta-page-size", "--threads"},
      {"--http", "--help"});
  if (!args.ok || args.has("--help")) {
    (args.ok ? std::cout : std::cerr) << (args.ok ? "" : args.error + "\n") << kUsage;
    return args.ok ? 0 : 2;
  }
  try {
    fakes::FakeGraphOptions options;
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
    options.https = !args.has("--http");
    options.tenantId = args.get("--tenant-id").value_or(options.tenantId);
    options.clientId = args.get("--client-id").value_or(options.clientId);
    options.clientSecret = args.get("--client-secret").value_or("");
    if (const auto certificate = args.get("--certificate")) {
      options.certificatePem = fakes::readWholeFile(*certificate);
    }
    if (const auto lifetime = args.get("--granted-lifetime-ms")) {
      options.grantedLifetime = std::chrono::milliseconds(std::stoll(*lifetime));
    }
    if (const auto pageSize = args.get("--delta-page-size")) {
      options.deltaPageSize = std::stoi(*pageSize);
    }
    fakes::FakeGraph graph(options);
    const std::vector<std::string> mailboxes = splitComma(args.get("--mailboxes").value_or(""));
    for (const std::string& m : mailboxes) {
      graph.addMailbox(m);
    }
    std::mutex mutex;
    std::condition_variable stopped;
    bool stopping = false;
    std::thread mailer;
    if (const auto every = args.get("--mail-every-ms")) {
      const std::chrono::milliseconds period(std::stoll(*every));
      mailer = std::thread([&, period] {
        std::unique_lock lock(mutex);
        for (uint64_t n = 1; !stopped.wait_for(lock, period, [&] { return stopping; }); ++n) {
          lock.unlock();
          for (const std::string& m : mailboxes) {
            fakes::FakeGraphMessage message;
            message.id = "fake-graph-" + std::to_string(n) + "-" + m;
            message.fromName = "Fake Graph";
            message.fromAddress = "fake-graph@fabrikam.com";
            message.subject = "Mail " + std::to_string(n);
            message.bodyPreview = "A mail from the fake Graph.";
            message.receivedDateTime = fakes::graphDateTime(std::chrono::system_clock::now());
            graph.deliverMail(m, message);
          }
          lock.lock();
        }
      });
    }
    std::cout << graph.url().substr(graph.url().rfind(':') + 1) << std::endl;
    std::cerr << "fake-graph: serving " << graph.url()
              << (graph.caFile().empty() ? "" : " (CA file " + graph.caFile() + ")") << "\n";
    fakes::waitForTerminationSignal();
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    stopped.notify_all();
    if (mailer.joinable()) {
      mailer.join();
    }
    const fakes::FakeGraphCounters c = graph.counters();
    std::cerr << "fake-graph: tokens=" << c.tokensIssued << " refused=" << c.tokensRefused
              << " creates=" << c.creates << " renewals=" << c.renewals
              << " messageGets=" << c.messageGets << " deltaRequests=" << c.deltaRequests
              << " notificationsSent=" << c.notificationsSent << "\n";
  } catch (const std::exception& e) {
    std::cerr << "fake-graph: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
