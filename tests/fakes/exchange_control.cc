#include "exchange_control.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/URI.h>

#include <atomic>
#include <cstdint>
#include <map>

#include "fake_exchange.h"
#include "send_notification.h"

namespace fakes {
namespace {

// Item ids of messages delivered through /control/mail, shaped like Exchange's and apart from
// the small sequence numbers tests use.
std::atomic<uint64_t> nextMailId{1'000'000};

std::string param(const std::map<std::string, std::string>& query, const std::string& name,
                  const std::string& fallback = "") {
  const auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

ControlAnswer mail(FakeExchange& exchange, const std::map<std::string, std::string>& query) {
  const std::string mailbox = param(query, "mailbox");
  if (mailbox.empty()) {
    return {400, "mailbox= is required\n"};
  }
  FakeItem item;
  item.id = param(query, "id", makeItemId(nextMailId++));
  const std::string from = param(query, "from", "bob@fabrikam.com");
  item.from = {from.substr(0, from.find('@')), from, "SMTP", "Mailbox"};
  item.subject = param(query, "subject", "Test message");
  item.body = "Sent through the fake Exchange's /control/mail.";
  item.received = Poco::DateTimeFormatter::format(Poco::DateTime(), "%Y-%m-%dT%H:%M:%SZ");
  exchange.deliverMail(mailbox, item);
  return {200, item.id + "\n"};
}

std::string subscriptionLines(const FakeExchange& exchange) {
  std::string out;
  for (const SubscriptionInfo& s : exchange.subscriptions()) {
    out += s.id + " " + s.mailbox + " " + toString(s.state) +
           " heartbeats=" + std::to_string(s.heartbeats) + "\n";
  }
  return out;
}

}  // namespace

std::optional<ControlAnswer> answerControl(FakeExchange& exchange, const std::string& method,
                                           const std::string& uri) {
  const Poco::URI parsed(uri);
  const std::string& path = parsed.getPath();
  if (path.rfind(kControlPrefix, 0) != 0) {
    return std::nullopt;
  }
  std::map<std::string, std::string> query;
  for (const auto& [name, value] : parsed.getQueryParameters()) {
    query[name] = value;
  }
  const std::string what = path.substr(std::string(kControlPrefix).size());
  const bool post = method == "POST";
  if (what == "subscriptions") {
    return method == "GET" ? ControlAnswer{200, subscriptionLines(exchange)}
                           : ControlAnswer{405, "GET only\n"};
  }
  if (what != "mail" && what != "restart" && what != "forget-events") {
    return ControlAnswer{404, "unknown control request (see fake-exchange --help)\n"};
  }
  if (!post) {
    return ControlAnswer{405, "POST only\n"};
  }
  if (what == "mail") {
    return mail(exchange, query);
  }
  if (what == "restart") {
    exchange.restart();
    return ControlAnswer{200, "restarted: every subscription forgotten\n"};
  }
  const std::string mailbox = param(query, "mailbox");
  if (mailbox.empty()) {
    return ControlAnswer{400, "mailbox= is required\n"};
  }
  exchange.forgetEvents(mailbox);
  return ControlAnswer{200, "events of " + mailbox + " forgotten\n"};
}

}  // namespace fakes
