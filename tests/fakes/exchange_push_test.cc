#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <pugixml.hpp>

#include "fake_exchange.h"
#include "push_listener.h"
#include "send_notification.h"
#include "test_soap_util.h"
#include "xml_ns.h"

namespace fakes {
namespace {

using namespace std::chrono_literals;

constexpr const char* kInbox = "AQMkADkzNjJjODUzLWZhMDMtNDVkMS05ZDdjLWVmMDlkYjQ1Zjc4MwAuAAAD";

using Callback = testing::PushListener;
using testing::sendNotificationResult;

std::string result(const std::string& status) { return sendNotificationResult(status); }

Notification newMailNotification() {
  Notification n;
  n.subscriptionId = "f6bc657d-dde1-4f94-952d-143b95d6483d";
  n.previousWatermark = makeWatermark(1);
  n.events = {
      createdEvent(makeItemId(7), kInbox, makeWatermark(2), "2024-03-05T09:15:00Z"),
      newMailEvent(makeItemId(7), kInbox, makeWatermark(3), "2024-03-05T09:15:00Z"),
      folderModifiedEvent(kInbox, "AQMkADroot", 1, makeWatermark(4), "2024-03-05T09:15:00Z"),
      statusEvent(makeWatermark(5))};
  return n;
}

PushOptions fastSchedule(int statusFrequencyMinutes = 30) {
  PushOptions options;
  options.secondLength = 1ms;  // The 30 s first retry takes 30 ms.
  options.statusFrequencyMinutes = statusFrequencyMinutes;
  return options;
}

TEST(SendNotification, ValidatesAgainstTheSchemaAndParsesBack) {
  const std::string xml = buildSendNotification(newMailNotification());
  const auto schema = testing::validateBodyChild(xml);
  EXPECT_TRUE(schema.valid) << schema.output << xml;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  const pugi::xml_node envelope = firstElement(doc);
  EXPECT_STREQ("Exchange2016",
               child(child(envelope, kSoap11Ns, "Header"), kTypesNs, "RequestServerVersion")
                   .attribute("Version")
                   .value());
  const pugi::xml_node message =
      child(child(child(child(envelope, kSoap11Ns, "Body"), kMessagesNs, "SendNotification"),
                  kMessagesNs, "ResponseMessages"),
            kMessagesNs, "SendNotificationResponseMessage");
  EXPECT_STREQ("Success", message.attribute("ResponseClass").value());
  const pugi::xml_node notification = child(message, kMessagesNs, "Notification");
  std::string events;
  for (pugi::xml_node e = notification.first_child(); e; e = e.next_sibling()) {
    events += std::string(localName(e)) + " ";
  }
  EXPECT_EQ(
      "SubscriptionId PreviousWatermark MoreEvents CreatedEvent NewMailEvent ModifiedEvent "
      "StatusEvent ",
      events);
  EXPECT_EQ("1", trimmedText(child(child(notification, kTypesNs, "ModifiedEvent"), kTypesNs,
                                   "UnreadCount")));
}

TEST(SendNotification, ErrorFormHasNoNotification) {
  const std::string xml = buildSendNotificationError("sub-1");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  EXPECT_NE(std::string::npos, xml.find("ResponseClass=\"Error\""));
  EXPECT_NE(std::string::npos, xml.find("<m:ResponseCode>ErrorReadEventsFailed</m:ResponseCode>"));
  EXPECT_NE(std::string::npos, xml.find("<t:Value Name=\"SubscriptionId\">sub-1</t:Value>"));
  EXPECT_EQ(std::string::npos, xml.find("<m:Notification>"));
}

TEST(ExchangePush, RetryScheduleFollowsStatusFrequency) {
  EXPECT_EQ((std::vector<int>{30, 60, 120, 240, 480, 960}), exchangeRetryDelays(30));
  EXPECT_EQ((std::vector<int>{30, 60}), exchangeRetryDelays(1));
  EXPECT_EQ(12u, exchangeRetryDelays(1440).size());  // 30 s .. 61440 s within 24 h.
}

TEST(ExchangePush, OkAnswerAfterOneAttemptWithExchangeHeaders) {
  Callback callback;
  FakeExchange exchange;
  const std::string xml = buildSendNotification(newMailNotification());
  const PushOutcome outcome = exchange.push(callback.url(), xml, fastSchedule());
  EXPECT_EQ(PushOutcome::Status::kOk, outcome.status) << outcome.lastError;
  EXPECT_EQ(1, outcome.attempts);
  EXPECT_EQ(200, outcome.lastHttpStatus);
  const auto received = callback.received();
  ASSERT_EQ(1u, received.size());
  EXPECT_EQ("text/xml; charset=utf-8", received[0].contentType);
  EXPECT_EQ("http://schemas.microsoft.com/exchange/services/2006/messages/SendNotification",
            received[0].soapAction);
  EXPECT_EQ(xml, received[0].body);
}

TEST(ExchangePush, UnsubscribeAnswer) {
  Callback callback;
  callback.answer(200, result("Unsubscribe"));
  const PushOutcome outcome = pushWithRetries(
      callback.url(), buildSendNotification(newMailNotification()), fastSchedule(), nullptr);
  EXPECT_EQ(PushOutcome::Status::kUnsubscribe, outcome.status);
  EXPECT_EQ(1, outcome.attempts);
}

TEST(ExchangePush, FailsTwiceThenOkOnTheScaledSchedule) {
  Callback callback;
  callback.answer(500, "", 2);
  FakeExchange exchange;
  const auto start = std::chrono::steady_clock::now();
  const PushOutcome outcome =
      exchange.push(callback.url(), buildSendNotification(newMailNotification()), fastSchedule());
  EXPECT_EQ(PushOutcome::Status::kOk, outcome.status);
  EXPECT_EQ(3, outcome.attempts);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 90ms);  // 30 + 60 Exchange "seconds".
  EXPECT_EQ(3u, callback.received().size());
}

TEST(ExchangePush, GivesUpWhenStatusFrequencyIsExhausted) {
  Callback callback;
  callback.answer(503, "", 10);
  FakeExchange exchange;
  const PushOutcome outcome =
      exchange.push(callback.url(), buildSendNotification(newMailNotification()), fastSchedule(1));
  EXPECT_EQ(PushOutcome::Status::kFailed, outcome.status);
  EXPECT_EQ(3, outcome.attempts);  // The first try, then 30 and 60; 120 > 60 s.
  EXPECT_EQ(503, outcome.lastHttpStatus);
}

TEST(ExchangePush, NoListenerIsAFailedAttemptWithoutStatus) {
  PushOptions options = fastSchedule(1);
  options.statusFrequencyMinutes = 0;  // No retries.
  const PushOutcome outcome =
      pushWithRetries("http://127.0.0.1:1/ews/notify/x", "<x/>", options, nullptr);
  EXPECT_EQ(PushOutcome::Status::kFailed, outcome.status);
  EXPECT_EQ(1, outcome.attempts);
  EXPECT_EQ(0, outcome.lastHttpStatus);
  EXPECT_FALSE(outcome.lastError.empty());
}

}  // namespace
}  // namespace fakes
