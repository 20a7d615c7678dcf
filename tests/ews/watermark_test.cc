// Keeping the last watermark of a subscription and noticing gaps (NOTES §1.4), on real callbacks.
#include <gtest/gtest.h>

#include <string>

#include "ews/notification.h"
#include "test_util.h"

namespace ews {
namespace {

Notification first(const std::string& xml) {
  Result<SendNotification> r = parseSendNotification(xml);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  EXPECT_FALSE(r.ok() && r->notifications.empty());
  return r.ok() && !r->notifications.empty() ? r->notifications[0] : Notification{};
}

TEST(WatermarkTest, HeartbeatsCarryTheWatermarkToKeep) {
  const Notification n =
      first(test::sharedFile("sendnotification_statusevent_exchange2016_exchangelib.xml"));
  EXPECT_EQ(n.subscriptionId, "XXXXX=");
  EXPECT_EQ(n.previousWatermark, "AAAAA=");
  ASSERT_EQ(n.events.size(), 1u);
  EXPECT_EQ(n.events[0].type, EventType::kStatus);
  EXPECT_EQ(lastWatermark(n), "BBBBB=");
  EXPECT_TRUE(continuesFrom(n, "AAAAA="));
  EXPECT_TRUE(continuesFrom(n, ""));
  EXPECT_FALSE(continuesFrom(n, "ZZZZZ="));
}

TEST(WatermarkTest, WorkMailHeartbeat) {
  // As published its XML declaration is broken (SOURCES.md); the rest is the real message.
  const std::string raw =
      test::sharedFile("sendnotification_statusevent_exchange2010sp2_workmail.xml");
  const Notification n = first(raw.substr(raw.find('\n') + 1));
  EXPECT_FALSE(n.subscriptionId.empty());
  ASSERT_FALSE(n.events.empty());
  EXPECT_EQ(lastWatermark(n), n.events.back().watermark);
}

TEST(WatermarkTest, TheLastEventWithAWatermarkWins) {
  const Notification n = first(test::dataFile("sendnotification_all_events_moreevents.xml"));
  ASSERT_GE(n.events.size(), 2u);
  EXPECT_EQ(lastWatermark(n), n.events.back().watermark);
  Notification chained;
  chained.previousWatermark = "P";
  EXPECT_EQ(lastWatermark(chained), "P");
  chained.events.push_back({EventType::kNewMail, "W1", "", "i", "", "f"});
  chained.events.push_back({EventType::kCreated, "", "", "i", "", "f"});  // Streaming style.
  EXPECT_EQ(lastWatermark(chained), "W1");
  Notification silent;
  EXPECT_EQ(lastWatermark(silent), "");
  EXPECT_TRUE(continuesFrom(silent, "anything"));
}

}  // namespace
}  // namespace ews
