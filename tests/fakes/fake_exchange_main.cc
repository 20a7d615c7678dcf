// fake-exchange: the FakeExchange as a standalone program for benchmarks and manual tests.
// Prints the bound port as the first line of stdout, then serves until SIGTERM or SIGINT; mail,
// a restart and the rest are driven through /control/ requests (exchange_control.h).

#include <chrono>
#include <iostream>
#include <stdexcept>

#include "fake_exchange.h"
#include "main_util.h"

namespace {

constexpr const char* kUsage =
    "usage: fake-exchange [--listen HOST:PORT] [--fixtures FILE.json] [--user USER]\n"
    "                     [--password PASSWORD] [--latency-ms N] [--threads N] [--synthesize]\n"
    "                     [--minute-ms N] [--events-kept N] [--no-schema]\n"
    "  --listen      address to bind (default 127.0.0.1:0 = any free port)\n"
    "  --fixtures    mailboxes and items (JSON; see tests/fakes/fixtures_json.h)\n"
    "  --user/--password  the service account accepted with HTTP Basic\n"
    "  --latency-ms  delay added to every answer (default 0)\n"
    "  --threads     concurrent connections served (default 64)\n"
    "  --synthesize  every item id in every mailbox exists (load tests)\n"
    "  --minute-ms   length of an Exchange minute for push subscriptions: StatusFrequency\n"
    "                heartbeats and the retry schedule (default 60000)\n"
    "  --events-kept events kept per mailbox for Subscribe with a watermark (default 1000)\n"
    "  --no-schema   do not validate Subscribe/FindItem/GetUserAvailability requests\n"
    "The first line of stdout is the bound port; the EWS URL is "
    "http://HOST:PORT/EWS/Exchange.asmx.\n"
    "Driving it (plain HTTP on the same port, no credentials; e.g. curl -X POST ...):\n"
    "  POST /control/mail?mailbox=M[&subject=S][&from=ADDR][&id=ID]\n"
    "                 a message arrives in mailbox M (created if new) and its subscriptions\n"
    "                 are notified; answers the item id\n"
    "  POST /control/restart   Exchange restarts: every subscription is forgotten\n"
    "  POST /control/forget-events?mailbox=M\n"
    "                 M's old watermarks become unusable (a resubscribe must catch up)\n"
    "  GET  /control/subscriptions   one line per subscription: id mailbox state heartbeats\n";

}  // namespace

int main(int argc, char** argv) {
  fakes::blockTerminationSignals();
  const fakes::CommandLine args =
      fakes::parseCommandLine(argc, argv,
                              {"--listen", "--fixtures", "--user", "--password", "--latency-ms",
                               "--threads", "--minute-ms", "--events-kept"},
                              {"--synthesize", "--no-schema", "--help"});
  if (!args.ok || args.has("--help")) {
    (args.ok ? std::cout : std::cerr) << (args.ok ? "" : args.error + "\n") << kUsage;
    return args.ok ? 0 : 2;
  }
  try {
    fakes::FakeExchangeOptions options;
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
    options.user = args.get("--user").value_or(options.user);
    options.password = args.get("--password").value_or(options.password);
    options.synthesizeItems = args.has("--synthesize");
    if (const auto minute = args.get("--minute-ms")) {
      options.push.minuteLength = std::chrono::milliseconds(std::stoi(*minute));
    }
    if (const auto kept = args.get("--events-kept")) {
      options.push.eventsKeptPerMailbox = static_cast<size_t>(std::stoul(*kept));
    }
    if (args.has("--no-schema")) {
      options.schemaFile.clear();
    }
    options.control = true;
    fakes::FakeExchange exchange(options);
    if (const auto fixtures = args.get("--fixtures")) {
      exchange.loadFixtures(fakes::loadFixturesFile(*fixtures));
    }
    if (const auto latency = args.get("--latency-ms")) {
      exchange.setLatency(std::chrono::milliseconds(std::stoi(*latency)));
    }
    std::cout << exchange.port() << std::endl;
    std::cerr << "fake-exchange: serving " << exchange.ewsUrl() << "\n";
    fakes::waitForTerminationSignal();
    const fakes::ExchangeCounters c = exchange.counters();
    std::cerr << "fake-exchange: requests=" << c.requests << " getItems=" << c.getItems
              << " itemsServed=" << c.itemsServed << " notFound=" << c.itemsNotFound
              << " unauthorized=" << c.unauthorized << " anchorMismatches=" << c.anchorMismatches
              << " subscribes=" << c.subscribes << " findItems=" << c.findItems
              << " schemaRejected=" << c.schemaRejected << "\n";
  } catch (const std::exception& e) {
    std::cerr << "fake-exchange: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
