// fake-push: Exchange's side of a push subscription, from the command line: sends one
// SendNotification (a NewMailEvent for an item, or a heartbeat) to a callback URL with
// Exchange's retry schedule, and prints what the listener answered.

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>

#include <iostream>

#include "main_util.h"
#include "notification_pusher.h"
#include "send_notification.h"

namespace {

constexpr const char* kUsage =
    "usage: fake-push --url CALLBACK_URL (--item ITEM_ID | --heartbeat)\n"
    "                 [--subscription ID] [--status-frequency MINUTES] [--fast]\n"
    "  --item       NewMailEvent (with Exchange's CreatedEvent) for this item id\n"
    "  --heartbeat  a StatusEvent only\n"
    "  --fast       Exchange's retry schedule in milliseconds instead of seconds\n"
    "Prints OK, Unsubscribe or Failed; exit 0 for OK, 1 otherwise.\n";

}  // namespace

int main(int argc, char** argv) {
  const fakes::CommandLine args = fakes::parseCommandLine(
      argc, argv, {"--url", "--item", "--subscription", "--status-frequency"},
      {"--heartbeat", "--fast", "--help"});
  if (!args.ok || args.has("--help") || !args.get("--url") ||
      (args.get("--item").has_value() == args.has("--heartbeat"))) {
    bool help = args.ok && args.has("--help");
    (help ? std::cout : std::cerr) << (args.ok ? "" : args.error + "\n") << kUsage;
    return help ? 0 : 2;
  }
  const std::string now = Poco::DateTimeFormatter::format(Poco::DateTime(), "%Y-%m-%dT%H:%M:%SZ");
  fakes::Notification n;
  n.subscriptionId = args.get("--subscription").value_or("fake-push-subscription");
  n.previousWatermark = fakes::makeWatermark(1);
  if (args.has("--heartbeat")) {
    n.events.push_back(fakes::statusEvent(fakes::makeWatermark(2)));
  } else {
    const std::string item = *args.get("--item");
    n.events.push_back(fakes::createdEvent(item, "inbox", fakes::makeWatermark(2), now));
    n.events.push_back(fakes::newMailEvent(item, "inbox", fakes::makeWatermark(3), now));
  }
  fakes::PushOptions options;
  if (args.has("--fast")) {
    options.secondLength = std::chrono::milliseconds(1);
  }
  if (const auto f = args.get("--status-frequency")) {
    options.statusFrequencyMinutes = std::stoi(*f);
  }
  fakes::PushOutcome out =
      fakes::pushWithRetries(*args.get("--url"), fakes::buildSendNotification(n), options, nullptr);
  std::cout << fakes::toString(out.status) << " (attempts " << out.attempts << ", HTTP "
            << out.lastHttpStatus << ")" << (out.lastError.empty() ? "" : ": " + out.lastError)
            << "\n";
  return out.status == fakes::PushOutcome::Status::kOk ? 0 : 1;
}
