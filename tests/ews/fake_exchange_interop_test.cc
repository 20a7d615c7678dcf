// ENP's EWS client against the fake Exchange, over HTTP: the two independent implementations of
// the wire format must agree (subscribe with affinity, heartbeats and new mail parsed and
// chained, resubscribe with the last watermark, catch-up with FindItem, working hours).
#include <gtest/gtest.h>

#include <chrono>

#include "ews/client.h"
#include "ews/notification.h"
#include "ews/subscription_failure.h"
#include "fake_exchange.h"
#include "push_listener.h"

namespace ews {
namespace {

using namespace std::chrono_literals;

constexpr const char* kAlice = "alice@contoso.com";

class FakeExchangeInteropTest : public ::testing::Test {
 protected:
  FakeExchangeInteropTest() {
    curlGlobalInit();
    fakes::FakeExchangeOptions options;
    options.push.minuteLength = 60ms;
    exchange_ = std::make_unique<fakes::FakeExchange>(options);
    exchange_->addMailbox(kAlice);
    TransportOptions transport;
    transport.auth = {Auth::Type::kBasic, exchange_->options().user, exchange_->options().password,
                      "", ""};
    transport_ = makeCurlTransport(transport);
    client_ = std::make_unique<Client>(
        *transport_, ClientConfig{exchange_->ewsUrl(), ServerVersion::kExchange2016});
  }

  SubscribeRequest request(int frequency, std::string watermark = "") {
    SubscribeRequest r;
    r.mailbox = kAlice;
    r.callbackUrl = listener_.url();
    r.statusFrequencyMinutes = frequency;
    r.watermark = std::move(watermark);
    return r;
  }

  Notification received(size_t i) {
    Result<SendNotification> n = parseSendNotification(listener_.received().at(i).body);
    EXPECT_TRUE(n.ok()) << (n.ok() ? "" : n.error().describe());
    return n.ok() && !n->notifications.empty() ? n->notifications[0] : Notification{};
  }

  fakes::testing::PushListener listener_;
  std::unique_ptr<fakes::FakeExchange> exchange_;
  TransportPtr transport_;
  std::unique_ptr<Client> client_;
};

TEST_F(FakeExchangeInteropTest, SubscribeHeartbeatsNewMailAndReplay) {
  Affinity affinity;
  Result<Subscription> s = client_->subscribe(request(1), &affinity);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(affinity.backEndOverrideCookie, exchange_->backEndCookieFor(kAlice));
  EXPECT_EQ(exchange_->counters().schemaRejected, 0u);

  ASSERT_TRUE(listener_.waitForCount(2, 10s));
  std::string kept = s->watermark;
  for (size_t i = 0; i < 2; ++i) {
    const Notification n = received(i);
    EXPECT_EQ(n.subscriptionId, s->subscriptionId);
    EXPECT_TRUE(continuesFrom(n, kept)) << i;
    ASSERT_EQ(n.events.size(), 1u);
    EXPECT_EQ(n.events[0].type, EventType::kStatus);
    kept = lastWatermark(n);
  }

  // Exchange restarts; mail arrives while nobody listens; resubscribing with the kept
  // watermark replays it.
  exchange_->restart();
  fakes::FakeItem item;
  item.id = "AAMk-while-away";
  item.received = "2024-03-05T09:15:00Z";
  exchange_->deliverMail(kAlice, item);
  const size_t before = listener_.received().size();
  s = client_->subscribe(request(1440, kept), &affinity);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  ASSERT_TRUE(listener_.waitForCount(before + 1, 10s));
  const Notification replay = received(before);
  EXPECT_TRUE(continuesFrom(replay, kept));
  ASSERT_EQ(replay.events.size(), 1u);
  EXPECT_EQ(replay.events[0].type, EventType::kNewMail);
  EXPECT_EQ(replay.events[0].itemId, "AAMk-while-away");
  EXPECT_EQ(exchange_->counters().affinityMisses, 0u);
}

TEST_F(FakeExchangeInteropTest, LostWatermarkMeansFreshSubscriptionAndFindItem) {
  Affinity affinity;
  Result<Subscription> s = client_->subscribe(request(1440), &affinity);
  ASSERT_TRUE(s.ok());
  exchange_->restart();
  exchange_->forgetEvents(kAlice);
  for (int i = 1; i <= 5; ++i) {
    fakes::FakeItem item;
    item.id = "AAMk-" + std::to_string(i);
    item.received = "2024-03-05T09:1" + std::to_string(i) + ":00Z";
    exchange_->deliverMail(kAlice, item);
  }
  Result<Subscription> again = client_->subscribe(request(1440, s->watermark), &affinity);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(classifySubscriptionFailure(again.error()), SubscriptionFailure::kWatermarkUnusable);
  again = client_->subscribe(request(1440), &affinity);
  ASSERT_TRUE(again.ok());

  FindItemRequest find;
  find.mailbox = kAlice;
  find.receivedAfterMs = 1709629980000;  // 2024-03-05T09:13:00Z: items 4 and 5 are after it.
  find.maxEntries = 1;
  Result<FindItemPage> page = client_->findAllItems(find, &affinity);
  ASSERT_TRUE(page.ok()) << page.error().describe();
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].itemId, "AAMk-4");
  EXPECT_EQ(page->items[1].itemId, "AAMk-5");
  EXPECT_TRUE(page->includesLastItemInRange);
  EXPECT_EQ(exchange_->counters().affinityMisses, 0u);
  EXPECT_EQ(exchange_->counters().schemaRejected, 0u);
}

TEST_F(FakeExchangeInteropTest, WorkingHoursAndFailures) {
  fakes::FakeWorkingHours hours;
  hours.bias = -60;
  hours.standard = {0, "03:00:00", 5, 10, "Sunday"};
  hours.daylight = {-60, "02:00:00", 5, 3, "Sunday"};
  hours.periods = {{"Monday Tuesday Wednesday Thursday", 480, 1020}, {"Friday", 480, 840}};
  exchange_->setWorkingHours(kAlice, hours);
  Affinity affinity;
  AvailabilityRequest availability;
  availability.mailbox = kAlice;
  Result<std::optional<WorkingHours>> r = client_->getWorkingHours(availability, &affinity);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->timeZone.utcOffsetMinutesAt(1719792000000), 120);  // 2024-07-01: CEST.
  ASSERT_EQ((*r)->periods.size(), 2u);
  EXPECT_EQ((*r)->periods[1].days, 0x20);
  EXPECT_EQ((*r)->periods[1].endMinute, 840);
  EXPECT_EQ(exchange_->counters().schemaRejected, 0u);

  exchange_->restrictImpersonationTo({"someone-else@contoso.com"});
  Result<Subscription> s = client_->subscribe(request(30), &affinity);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(classifySubscriptionFailure(s.error()), SubscriptionFailure::kAccessDenied);
  exchange_->allowImpersonationOfAll();
  exchange_->script(fakes::ScriptedAnswer::serverBusy(1200ms).forOperation("Subscribe"));
  s = client_->subscribe(request(30), &affinity);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(classifySubscriptionFailure(s.error()), SubscriptionFailure::kServerBusy);
  EXPECT_EQ(s.error().backOffMilliseconds, 1200);
  exchange_->script(fakes::ScriptedAnswer::of(fakes::ScriptedAnswer::Kind::kUnauthorized)
                        .forOperation("FindItem"));
  FindItemRequest find;
  find.mailbox = kAlice;
  EXPECT_EQ(classifySubscriptionFailure(client_->findItems(find, &affinity).error()),
            SubscriptionFailure::kUnauthorized);
}

}  // namespace
}  // namespace ews
