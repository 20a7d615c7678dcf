// The fake Exchange's subscription side, over HTTP as a client sees it: Subscribe with
// impersonation, schema validation and the affinity cookie; heartbeats and new-mail
// notifications with chained watermarks; retries, death, Unsubscribe and restart; replay from a
// watermark; FindItem and GetUserAvailability; the /control/ requests of the program.
#include <gtest/gtest.h>

#include <chrono>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "fake_exchange.h"
#include "push_listener.h"
#include "test_soap_util.h"
#include "xml_ns.h"

namespace fakes {
namespace {

using namespace std::chrono_literals;
using testing::PushListener;
using testing::sendNotificationResult;

constexpr const char* kAlice = "alice@contoso.com";
constexpr auto kWait = 10s;
// A StatusFrequency whose heartbeat (1440 fake minutes of 60 ms: 86 s) never comes in a test.
constexpr int kQuiet = 1440;

std::string envelope(const std::string& mailbox, const std::string& bodyChild) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope "
         "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
         "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\" "
         "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"><soap:Header>"
         "<t:RequestServerVersion Version=\"Exchange2013\"/><t:ExchangeImpersonation>"
         "<t:ConnectingSID><t:SmtpAddress>" +
         mailbox +
         "</t:SmtpAddress></t:ConnectingSID></t:ExchangeImpersonation></soap:Header>"
         "<soap:Body>" +
         bodyChild + "</soap:Body></soap:Envelope>";
}

std::string subscribeRequest(const std::string& mailbox, const std::string& url, int frequency,
                             const std::string& watermark = "") {
  return envelope(mailbox,
                  "<m:Subscribe><m:PushSubscriptionRequest><t:FolderIds>"
                  "<t:DistinguishedFolderId Id=\"inbox\"/></t:FolderIds><t:EventTypes>"
                  "<t:EventType>NewMailEvent</t:EventType></t:EventTypes>" +
                      (watermark.empty() ? "" : "<t:Watermark>" + watermark + "</t:Watermark>") +
                      "<t:StatusFrequency>" + std::to_string(frequency) +
                      "</t:StatusFrequency><t:URL>" + url +
                      "</t:URL></m:PushSubscriptionRequest></m:Subscribe>");
}

std::string findItemRequest(const std::string& mailbox, const std::string& after, int max,
                            int offset) {
  return envelope(
      mailbox,
      "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>"
      "<t:AdditionalProperties><t:FieldURI FieldURI=\"item:DateTimeReceived\"/>"
      "</t:AdditionalProperties></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned=\"" +
          std::to_string(max) + "\" Offset=\"" + std::to_string(offset) +
          "\" BasePoint=\"Beginning\"/><m:Restriction><t:IsGreaterThan>"
          "<t:FieldURI FieldURI=\"item:DateTimeReceived\"/><t:FieldURIOrConstant>"
          "<t:Constant Value=\"" +
          after +
          "\"/></t:FieldURIOrConstant></t:IsGreaterThan></m:Restriction><m:SortOrder>"
          "<t:FieldOrder Order=\"Ascending\"><t:FieldURI FieldURI=\"item:DateTimeReceived\"/>"
          "</t:FieldOrder></m:SortOrder><m:ParentFolderIds><t:DistinguishedFolderId "
          "Id=\"inbox\"/></m:ParentFolderIds></m:FindItem>");
}

std::string availabilityRequest(const std::string& mailbox, const std::string& address) {
  const std::string never =
      "<t:Bias>0</t:Bias><t:Time>00:00:00</t:Time><t:DayOrder>0</t:DayOrder><t:Month>0</t:Month>"
      "<t:DayOfWeek>Sunday</t:DayOfWeek>";
  return envelope(mailbox,
                  "<m:GetUserAvailabilityRequest><t:TimeZone><t:Bias>0</t:Bias><t:StandardTime>" +
                      never + "</t:StandardTime><t:DaylightTime>" + never +
                      "</t:DaylightTime></t:TimeZone><m:MailboxDataArray><t:MailboxData>"
                      "<t:Email><t:Address>" +
                      address +
                      "</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType>"
                      "</t:MailboxData></m:MailboxDataArray><t:FreeBusyViewOptions>"
                      "<t:TimeWindow><t:StartTime>2024-03-05T00:00:00Z</t:StartTime>"
                      "<t:EndTime>2024-03-06T00:00:00Z</t:EndTime></t:TimeWindow>"
                      "<t:RequestedView>FreeBusy</t:RequestedView></t:FreeBusyViewOptions>"
                      "</m:GetUserAvailabilityRequest>");
}

// The text of the first element {types or messages}local anywhere in an XML text.
std::string textOf(const std::string& xml, const char* local) {
  pugi::xml_document doc;
  doc.load_string(xml.c_str());
  const pugi::xml_node n =
      doc.find_node([&](const pugi::xml_node& x) { return localName(x) == local; });
  return trimmedText(n);
}

// One received SendNotification: previous watermark, then "Type:watermark:item" per event.
struct Pushed {
  std::string subscriptionId;
  std::string previous;
  std::vector<std::string> events;
};

Pushed readPush(const std::string& xml) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(xml.c_str()));
  const pugi::xml_node n = doc.find_node(
      [](const pugi::xml_node& x) { return isElement(x, kMessagesNs, "Notification"); });
  Pushed p{trimmedText(child(n, kTypesNs, "SubscriptionId")),
           trimmedText(child(n, kTypesNs, "PreviousWatermark")),
           {}};
  for (pugi::xml_node e = n.first_child(); e; e = e.next_sibling()) {
    const std::string_view name = localName(e);
    if (name.ends_with("Event")) {
      p.events.push_back(std::string(name) + ":" + trimmedText(child(e, kTypesNs, "Watermark")) +
                         ":" + child(e, kTypesNs, "ItemId").attribute("Id").value());
    }
  }
  return p;
}

std::string watermarkOf(const std::string& event) {
  const size_t a = event.find(':');
  return event.substr(a + 1, event.find(':', a + 1) - a - 1);
}

FakeItem mail(const std::string& id, const std::string& received) {
  FakeItem item;
  item.id = id;
  item.subject = "Hello " + id;
  item.from = {"Bob", "bob@contoso.com", "SMTP", "Mailbox"};
  item.received = received;
  return item;
}

class ExchangeSubscriptionsTest : public ::testing::Test {
 protected:
  ExchangeSubscriptionsTest() {
    FakeExchangeOptions options;
    options.push.minuteLength = 60ms;  // An Exchange second is 1 ms.
    exchange_ = std::make_unique<FakeExchange>(options);
    exchange_->addMailbox(kAlice);
  }

  testing::HttpReply call(const std::string& body, bool preferAffinity = true,
                          const std::string& cookie = "") {
    std::vector<std::pair<std::string, std::string>> headers = {{"X-AnchorMailbox", kAlice}};
    if (preferAffinity) {
      headers.emplace_back("X-PreferServerAffinity", "true");
    }
    if (!cookie.empty()) {
      headers.emplace_back("Cookie", "X-BackEndOverrideCookie=" + cookie);
    }
    return testing::post(exchange_->ewsUrl(), body, "text/xml; charset=utf-8", headers,
                         exchange_->options().user, exchange_->options().password);
  }

  // Subscribes alice; returns {SubscriptionId, Watermark}.
  std::pair<std::string, std::string> subscribe(int frequency, const std::string& watermark = "") {
    const testing::HttpReply r =
        call(subscribeRequest(kAlice, listener_.url(), frequency, watermark));
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(textOf(r.body, "ResponseCode"), "NoError") << r.body;
    return {textOf(r.body, "SubscriptionId"), textOf(r.body, "Watermark")};
  }

  PushListener listener_;
  std::unique_ptr<FakeExchange> exchange_;  // After the listener: destroyed first.
};

TEST_F(ExchangeSubscriptionsTest, SubscribeAnswersIdWatermarkAndTheAffinityCookie) {
  const testing::HttpReply r = call(subscribeRequest(kAlice, listener_.url(), 30));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(textOf(r.body, "SubscriptionId").empty());
  EXPECT_FALSE(textOf(r.body, "Watermark").empty());
  const testing::SchemaResult schema = testing::validateBodyChild(r.body);
  EXPECT_TRUE(!schema.ran || schema.valid) << schema.output;
  ASSERT_TRUE(r.headers.contains("Set-Cookie"));
  EXPECT_EQ(r.headers.at("Set-Cookie"),
            "X-BackEndOverrideCookie=" + exchange_->backEndCookieFor(kAlice) +
                "; path=/; secure; HttpOnly");
  const std::vector<RecordedCall> calls = exchange_->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].operation, "Subscribe");
  EXPECT_EQ(calls[0].mailbox, kAlice);
  EXPECT_TRUE(calls[0].preferServerAffinity);
  ASSERT_EQ(exchange_->subscriptions().size(), 1u);
  EXPECT_EQ(exchange_->subscriptions()[0].url, listener_.url());
  // Without X-PreferServerAffinity no cookie is made.
  const testing::HttpReply second = call(subscribeRequest(kAlice, listener_.url(), 30), false);
  EXPECT_FALSE(second.headers.contains("Set-Cookie"));
  // Every Subscribe gets an id of its own, as in Exchange: ENP keeps watermarks per id.
  EXPECT_NE(textOf(second.body, "SubscriptionId"), textOf(r.body, "SubscriptionId"));
}

TEST_F(ExchangeSubscriptionsTest, InvalidRequestsAreRefusedLikeExchange) {
  // exchangelib's m:Watermark (NOTES §1.2) does not validate.
  std::string bad = subscribeRequest(kAlice, listener_.url(), 30);
  bad.replace(bad.find("<t:StatusFrequency>"), 0, "<m:Watermark>AAAA</m:Watermark>");
  testing::HttpReply r = call(bad);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(textOf(r.body, "ResponseCode"), "ErrorSchemaValidation");
  EXPECT_NE(r.body.find("Watermark"), std::string::npos);
  // StatusFrequency outside 1..1440 fails the schema too.
  EXPECT_EQ(textOf(call(subscribeRequest(kAlice, listener_.url(), 1441)).body, "ResponseCode"),
            "ErrorSchemaValidation");
  EXPECT_EQ(textOf(call(subscribeRequest(kAlice, "ftp://x/", 5)).body, "ResponseCode"),
            "ErrorInvalidPushSubscriptionUrl");
  EXPECT_EQ(exchange_->counters().schemaRejected, 2u);
  EXPECT_TRUE(exchange_->subscriptions().empty());
}

TEST_F(ExchangeSubscriptionsTest, ImpersonationIsChecked) {
  exchange_->restrictImpersonationTo({"someone-else@contoso.com"});
  testing::HttpReply r = call(subscribeRequest(kAlice, listener_.url(), 30));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(textOf(r.body, "ResponseCode"), "ErrorImpersonateUserDenied");
  exchange_->allowImpersonationOfAll();
  r = call(subscribeRequest("nobody@contoso.com", listener_.url(), 30));
  EXPECT_EQ(textOf(r.body, "ResponseCode"), "ErrorNonExistentMailbox");
  EXPECT_TRUE(exchange_->subscriptions().empty());
}

TEST_F(ExchangeSubscriptionsTest, HeartbeatsEveryStatusFrequencyWithChainedWatermarks) {
  const auto [id, watermark] = subscribe(1);
  ASSERT_TRUE(listener_.waitForCount(3, kWait));
  std::string previous = watermark;
  for (const auto& received : listener_.received()) {
    const Pushed p = readPush(received.body);
    EXPECT_EQ(p.subscriptionId, id);
    EXPECT_EQ(p.previous, previous);
    ASSERT_EQ(p.events.size(), 1u);
    EXPECT_EQ(p.events[0].rfind("StatusEvent:", 0), 0u) << p.events[0];
    previous = watermarkOf(p.events[0]);
    EXPECT_EQ(received.soapAction,
              "http://schemas.microsoft.com/exchange/services/2006/messages/SendNotification");
    const testing::SchemaResult schema = testing::validateBodyChild(received.body);
    EXPECT_TRUE(!schema.ran || schema.valid) << schema.output;
  }
  EXPECT_GE(exchange_->pushCounters().heartbeats, 2u);
}

TEST_F(ExchangeSubscriptionsTest, NewMailIsPushedAtOnce) {
  const auto [id, watermark] = subscribe(kQuiet);
  exchange_->deliverMail(kAlice, mail("AAMk-one", "2024-03-05T09:15:00Z"));
  ASSERT_TRUE(listener_.waitForCount(1, kWait));
  const Pushed p = readPush(listener_.received()[0].body);
  EXPECT_EQ(p.subscriptionId, id);
  EXPECT_EQ(p.previous, watermark);
  ASSERT_EQ(p.events.size(), 1u);  // Only NewMailEvent was asked for (not CreatedEvent).
  EXPECT_EQ(p.events[0].rfind("NewMailEvent:", 0), 0u);
  EXPECT_NE(p.events[0].find(":AAMk-one"), std::string::npos);
  exchange_->deliverMail(kAlice, mail("AAMk-two", "2024-03-05T09:16:00Z"));
  ASSERT_TRUE(listener_.waitForCount(2, kWait));
  const Pushed second = readPush(listener_.received()[1].body);
  EXPECT_EQ(second.previous, watermarkOf(p.events[0]));
  ASSERT_TRUE(exchange_->waitForPush([](const PushCounters& c) { return c.events >= 2; }, kWait));
}

TEST_F(ExchangeSubscriptionsTest, ResubscribingWithAWatermarkReplaysWhatCameAfter) {
  subscribe(kQuiet);
  exchange_->deliverMail(kAlice, mail("AAMk-one", "2024-03-05T09:15:00Z"));
  ASSERT_TRUE(listener_.waitForCount(1, kWait));
  const std::string afterOne = watermarkOf(readPush(listener_.received()[0].body).events[0]);
  exchange_->restart();  // Lost: nothing is pushed any more.
  EXPECT_TRUE(exchange_->subscriptions().empty());
  exchange_->deliverMail(kAlice, mail("AAMk-two", "2024-03-05T09:16:00Z"));
  exchange_->deliverMail(kAlice, mail("AAMk-three", "2024-03-05T09:17:00Z"));
  const auto [id, watermark] = subscribe(kQuiet, afterOne);
  EXPECT_EQ(watermark, afterOne);
  ASSERT_TRUE(listener_.waitForCount(2, kWait));
  const Pushed replay = readPush(listener_.received()[1].body);
  EXPECT_EQ(replay.subscriptionId, id);
  EXPECT_EQ(replay.previous, afterOne);
  ASSERT_EQ(replay.events.size(), 2u);
  EXPECT_NE(replay.events[0].find(":AAMk-two"), std::string::npos);
  EXPECT_NE(replay.events[1].find(":AAMk-three"), std::string::npos);
}

TEST_F(ExchangeSubscriptionsTest, UnknownOrExpiredWatermarksAreInvalid) {
  const auto [id, first] = subscribe(kQuiet);
  exchange_->restart();
  const auto expectInvalid = [&](const std::string& watermark) {
    const testing::HttpReply r = call(subscribeRequest(kAlice, listener_.url(), 30, watermark));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(textOf(r.body, "ResponseCode"), "ErrorInvalidWatermark") << watermark;
    const testing::SchemaResult schema = testing::validateBodyChild(r.body);
    EXPECT_TRUE(!schema.ran || schema.valid) << schema.output;
  };
  expectInvalid("AAAAAAAAAAAAAAAAAAA=");
  exchange_->setEventsKeptPerMailbox(2);
  exchange_->deliverMail(kAlice, mail("AAMk-one", "2024-03-05T09:15:00Z"));  // Two events.
  expectInvalid(first);                                                      // Out of the window.
  const auto [id2, head] = subscribe(kQuiet);
  exchange_->restart();
  exchange_->forgetEvents(kAlice);
  expectInvalid(head);
  EXPECT_TRUE(exchange_->subscriptions().empty());
}

TEST_F(ExchangeSubscriptionsTest, UnansweredNotificationsAreRetriedThenTheSubscriptionDies) {
  listener_.answerAlways(500, "");
  subscribe(1);  // The heartbeat fails; retries 30 s and 60 s after it, then no more.
  ASSERT_TRUE(exchange_->waitForPush([](const PushCounters& c) { return c.died == 1; }, kWait));
  EXPECT_EQ(exchange_->pushCounters().failedAttempts, 3u);
  ASSERT_EQ(exchange_->subscriptions().size(), 1u);
  EXPECT_EQ(exchange_->subscriptions()[0].state, SubscriptionInfo::State::kDied);
  // Dead means silent: new mail reaches nobody.
  exchange_->deliverMail(kAlice, mail("AAMk-one", "2024-03-05T09:15:00Z"));
  EXPECT_FALSE(listener_.waitForCount(4, 300ms));
}

TEST_F(ExchangeSubscriptionsTest, ARetryThatIsAnsweredKeepsTheSubscription) {
  listener_.answer(503, "");
  const auto [id, watermark] = subscribe(kQuiet);
  exchange_->deliverMail(kAlice, mail("AAMk-one", "2024-03-05T09:15:00Z"));
  ASSERT_TRUE(exchange_->waitForPush([](const PushCounters& c) { return c.events == 1; }, kWait));
  const std::vector<SentNotification> sent = exchange_->sentNotifications();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].attempts, 2);
  EXPECT_EQ(sent[0].previousWatermark, watermark);
  // The retry repeats the same notification.
  ASSERT_EQ(listener_.received().size(), 2u);
  EXPECT_EQ(listener_.received()[0].body, listener_.received()[1].body);
  EXPECT_EQ(exchange_->subscriptions()[0].state, SubscriptionInfo::State::kActive);
}

TEST_F(ExchangeSubscriptionsTest, AnUnsubscribeAnswerEndsTheSubscription) {
  listener_.answer(200, sendNotificationResult("Unsubscribe"));
  subscribe(1);
  ASSERT_TRUE(
      exchange_->waitForPush([](const PushCounters& c) { return c.unsubscribed == 1; }, kWait));
  EXPECT_EQ(exchange_->subscriptions()[0].state, SubscriptionInfo::State::kUnsubscribed);
  exchange_->deliverMail(kAlice, mail("AAMk-one", "2024-03-05T09:15:00Z"));
  EXPECT_FALSE(listener_.waitForCount(2, 300ms));
}

TEST_F(ExchangeSubscriptionsTest, ADroppedSubscriptionFallsSilent) {
  const auto [id, watermark] = subscribe(kQuiet);
  EXPECT_TRUE(exchange_->dropSubscription(id));
  EXPECT_FALSE(exchange_->dropSubscription(id));
  exchange_->deliverMail(kAlice, mail("AAMk-one", "2024-03-05T09:15:00Z"));
  EXPECT_FALSE(listener_.waitForCount(1, 300ms));
  EXPECT_EQ(exchange_->subscriptions()[0].state, SubscriptionInfo::State::kDropped);
}

TEST_F(ExchangeSubscriptionsTest, ScriptedSubscribeFailures) {
  exchange_->script(ScriptedAnswer::serverBusy(1500ms).forOperation("Subscribe"));
  exchange_->script(ScriptedAnswer::of(ScriptedAnswer::Kind::kMailboxMoveInProgress, kAlice)
                        .forOperation("Subscribe"));
  exchange_->script(
      ScriptedAnswer::of(ScriptedAnswer::Kind::kUnauthorized).forOperation("Subscribe"));
  testing::HttpReply r = call(subscribeRequest(kAlice, listener_.url(), 30));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(textOf(r.body, "ResponseCode"), "ErrorServerBusy");
  EXPECT_EQ(textOf(r.body, "Value"), "1500");
  r = call(subscribeRequest(kAlice, listener_.url(), 30));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(textOf(r.body, "ResponseCode"), "ErrorMailboxMoveInProgress");
  EXPECT_EQ(call(subscribeRequest(kAlice, listener_.url(), 30)).status, 401);
  EXPECT_EQ(call(subscribeRequest(kAlice, listener_.url(), 30)).status, 200);
  EXPECT_EQ(exchange_->subscriptions().size(), 1u);
}

TEST_F(ExchangeSubscriptionsTest, FindItemPagesTheInboxOldestFirst) {
  for (int i = 5; i >= 1; --i) {
    exchange_->addItem(
        kAlice, mail("AAMk-" + std::to_string(i), "2024-03-05T09:1" + std::to_string(i) + ":00Z"));
  }
  const std::string after = "2024-03-05T09:11:00Z";  // Item 1 is not after it.
  testing::HttpReply r = call(findItemRequest(kAlice, after, 3, 0));
  ASSERT_EQ(r.status, 200) << r.body;
  const testing::SchemaResult schema = testing::validateBodyChild(r.body);
  EXPECT_TRUE(!schema.ran || schema.valid) << schema.output;
  EXPECT_NE(r.body.find("IndexedPagingOffset=\"3\" TotalItemsInView=\"4\" "
                        "IncludesLastItemInRange=\"false\""),
            std::string::npos)
      << r.body;
  const size_t two = r.body.find("AAMk-2");
  const size_t three = r.body.find("AAMk-3");
  const size_t four = r.body.find("AAMk-4");
  EXPECT_TRUE(two < three && three < four && four != std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("AAMk-5"), std::string::npos);
  EXPECT_NE(r.body.find("<t:DateTimeReceived>2024-03-05T09:12:00Z</t:DateTimeReceived>"),
            std::string::npos);
  r = call(findItemRequest(kAlice, after, 3, 3));
  EXPECT_NE(r.body.find("AAMk-5"), std::string::npos);
  EXPECT_NE(r.body.find("IncludesLastItemInRange=\"true\""), std::string::npos);
  EXPECT_EQ(exchange_->counters().findItems, 2u);
}

TEST_F(ExchangeSubscriptionsTest, RequestsWithoutTheCookieOfASubscribedMailboxAreCounted) {
  subscribe(kQuiet);
  const std::string cookie = exchange_->backEndCookieFor(kAlice);
  call(findItemRequest(kAlice, "2024-03-05T09:11:00Z", 10, 0), false, cookie);
  EXPECT_EQ(exchange_->counters().affinityMisses, 0u);
  call(findItemRequest(kAlice, "2024-03-05T09:11:00Z", 10, 0), false);
  EXPECT_EQ(exchange_->counters().affinityMisses, 1u);
  EXPECT_EQ(exchange_->calls().back().backEndOverrideCookie, "");
  EXPECT_EQ(exchange_->calls()[1].backEndOverrideCookie, cookie);
}

TEST_F(ExchangeSubscriptionsTest, GetUserAvailabilityReportsTheConfiguredWorkingHours) {
  FakeWorkingHours hours;
  hours.bias = -600;
  hours.standard = {0, "03:00:00", 1, 4, "Sunday"};
  hours.daylight = {-60, "02:00:00", 1, 10, "Sunday"};
  hours.periods = {{"Weekday", 540, 1050}};
  exchange_->setWorkingHours(kAlice, hours);
  testing::HttpReply r = call(availabilityRequest(kAlice, kAlice));
  ASSERT_EQ(r.status, 200) << r.body;
  const testing::SchemaResult schema = testing::validateBodyChild(r.body);
  EXPECT_TRUE(!schema.ran || schema.valid) << schema.output;
  EXPECT_EQ(textOf(r.body, "Bias"), "-600");

  EXPECT_EQ(textOf(r.body, "StartTimeInMinutes"), "540");
  EXPECT_NE(r.body.find("<t:DayOfWeek>Weekday</t:DayOfWeek>"), std::string::npos);
  exchange_->setWorkingHours(kAlice, std::nullopt);
  r = call(availabilityRequest(kAlice, kAlice));
  EXPECT_EQ(textOf(r.body, "ResponseCode"), "NoError");
  EXPECT_EQ(r.body.find("WorkingHours"), std::string::npos);
  r = call(availabilityRequest(kAlice, "nobody@contoso.com"));
  EXPECT_EQ(textOf(r.body, "ResponseCode"), "ErrorMailRecipientNotFound");
  EXPECT_EQ(exchange_->counters().availabilityRequests, 3u);
}

// The fake-exchange program's /control/ requests (exchange_control.h) do what the methods do.
class ExchangeControlTest : public ExchangeSubscriptionsTest {
 protected:
  ExchangeControlTest() {
    FakeExchangeOptions options;
    options.push.minuteLength = 60ms;
    options.control = true;
    exchange_ = std::make_unique<FakeExchange>(options);
    exchange_->addMailbox(kAlice);
  }

  std::string control(const std::string& what) const {
    return "http://127.0.0.1:" + std::to_string(exchange_->port()) + "/control/" + what;
  }
};

TEST_F(ExchangeControlTest, MailArrivesSubscriptionsAreListedAndARestartForgetsThem) {
  const auto [id, watermark] = subscribe(kQuiet);
  const testing::HttpReply sent =
      testing::post(control("mail?mailbox=alice@contoso.com&subject=Hi%20there"), "", "");
  ASSERT_EQ(sent.status, 200) << sent.body;
  const std::string itemId = sent.body.substr(0, sent.body.find('\n'));
  ASSERT_FALSE(itemId.empty());
  ASSERT_TRUE(listener_.waitForCount(1, kWait));
  const Pushed p = readPush(listener_.received()[0].body);
  EXPECT_EQ(p.subscriptionId, id);
  ASSERT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.events[0], "NewMailEvent:" + watermarkOf(p.events[0]) + ":" + itemId);

  const testing::HttpReply listed = testing::get(control("subscriptions"));
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.rfind(id + " alice@contoso.com active heartbeats=0\n", 0), 0u)
      << listed.body;

  ASSERT_EQ(testing::post(control("forget-events?mailbox=alice@contoso.com"), "", "").status, 200);
  ASSERT_EQ(testing::post(control("restart"), "", "").status, 200);
  EXPECT_TRUE(exchange_->subscriptions().empty());
  EXPECT_EQ(testing::get(control("subscriptions")).body, "");
  // The old watermark is gone with the events.
  const testing::HttpReply again = call(subscribeRequest(kAlice, listener_.url(), 30, watermark));
  EXPECT_EQ(textOf(again.body, "ResponseCode"), "ErrorInvalidWatermark") << again.body;
}

TEST_F(ExchangeControlTest, BadControlRequestsAreRefusedWithAReason) {
  EXPECT_EQ(testing::post(control("mail"), "", "").status, 400);
  EXPECT_EQ(testing::post(control("forget-events"), "", "").status, 400);
  EXPECT_EQ(testing::get(control("restart")).status, 405);
  EXPECT_EQ(testing::post(control("subscriptions"), "", "").status, 405);
  EXPECT_EQ(testing::post(control("explode"), "", "").status, 404);
}

TEST_F(ExchangeSubscriptionsTest, ControlRequestsAreNotServedUnlessAskedFor) {
  subscribe(kQuiet);
  const std::string url =
      "http://127.0.0.1:" + std::to_string(exchange_->port()) + "/control/restart";
  EXPECT_EQ(testing::post(url, "", "").status, 404);
  EXPECT_EQ(exchange_->subscriptions().size(), 1u);
}

}  // namespace
}  // namespace fakes
