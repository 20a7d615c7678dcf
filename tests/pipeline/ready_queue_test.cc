#include "enp/pipeline/ready_queue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace enp {
namespace {

QueuedEvent event(int64_t id, const std::string& registration) {
  QueuedEvent e;
  e.id = id;
  e.registrationId = registration;
  e.itemId = "item-" + std::to_string(id);
  return e;
}

std::vector<int64_t> ids(const std::vector<ReadyQueue::Entry>& entries) {
  std::vector<int64_t> out;
  for (const ReadyQueue::Entry& e : entries) {
    out.push_back(e.event.id);
  }
  return out;
}

std::vector<int64_t> ids(const ReadyQueue& q) {
  std::vector<int64_t> out;
  for (const ReadyQueue::Entry& e : q.entries()) {
    out.push_back(e.event.id);
  }
  return out;
}

TEST(ReadyQueue, TheOldestAcceptedEntryInTheOrderPushed) {
  ReadyQueue q;
  EXPECT_EQ(q.findOldest([](const ReadyQueue::Entry&) { return true; }), nullptr);
  q.push(event(1, "a"), 1);
  q.push(event(2, "b"), 2);
  q.push(event(3, "a"), 1);
  EXPECT_EQ(q.size(), 3u);
  const ReadyQueue::Entry* first =
      q.findOldest([](const ReadyQueue::Entry& e) { return e.group == 2; });
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->event.id, 2);
  EXPECT_EQ(q.findOldest([](const ReadyQueue::Entry& e) { return e.group == 3; }), nullptr);
}

TEST(ReadyQueue, TakesOneRegistrationsEventsFromTheFirstOnAndLeavesTheOthersInOrder) {
  ReadyQueue q;
  q.push(event(1, "a"), 1);
  q.push(event(2, "b"), 1);
  q.push(event(3, "a"), 1);
  q.push(event(4, "c"), 1);
  q.push(event(5, "a"), 1);
  q.push(event(6, "a"), 1);
  const ReadyQueue::Entry* first =
      q.findOldest([](const ReadyQueue::Entry& e) { return e.event.registrationId == "a"; });
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(q.countAfter(*first), 3u);
  const std::vector<ReadyQueue::Entry> taken = q.take(*first, 3);
  EXPECT_EQ(ids(taken), (std::vector<int64_t>{1, 3, 5}));
  EXPECT_EQ(taken[1].event.itemId, "item-3");  // moved out whole
  EXPECT_EQ(ids(q), (std::vector<int64_t>{2, 4, 6}));
  const ReadyQueue::Entry* last =
      q.findOldest([](const ReadyQueue::Entry& e) { return e.event.registrationId == "a"; });
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(q.countAfter(*last), 0u);
  EXPECT_EQ(ids(q.take(*last, 8)), (std::vector<int64_t>{6}));
  EXPECT_EQ(ids(q), (std::vector<int64_t>{2, 4}));
  // A registration emptied and pushed again starts afresh.
  q.push(event(7, "a"), 1);
  const ReadyQueue::Entry* again =
      q.findOldest([](const ReadyQueue::Entry& e) { return e.event.registrationId == "a"; });
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(ids(q.take(*again, 8)), (std::vector<int64_t>{7}));
  EXPECT_EQ(q.size(), 2u);
}

TEST(ReadyQueue, AnOlderEventOfTheRegistrationPassedOverStaysInHand) {
  // The registration's upstream was learned between two reads: its older event is of the
  // unknown group, and the batch starts from the newer one.
  ReadyQueue q;
  q.push(event(1, "a"), 0);
  q.push(event(2, "a"), 5);
  q.push(event(3, "a"), 5);
  const ReadyQueue::Entry* first =
      q.findOldest([](const ReadyQueue::Entry& e) { return e.group == 5; });
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->event.id, 2);
  EXPECT_EQ(q.countAfter(*first), 1u);
  EXPECT_EQ(ids(q.take(*first, 8)), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(ids(q), (std::vector<int64_t>{1}));
  const ReadyQueue::Entry* older =
      q.findOldest([](const ReadyQueue::Entry& e) { return e.event.registrationId == "a"; });
  ASSERT_NE(older, nullptr);
  EXPECT_EQ(ids(q.take(*older, 1)), (std::vector<int64_t>{1}));
  EXPECT_TRUE(q.empty());
}

TEST(ReadyQueue, ClearEmptiesBothOrders) {
  ReadyQueue q;
  q.push(event(1, "a"), 1);
  q.push(event(2, "a"), 1);
  q.clear();
  EXPECT_TRUE(q.empty());
  q.push(event(3, "a"), 1);
  const ReadyQueue::Entry* first = q.findOldest([](const ReadyQueue::Entry&) { return true; });
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(q.countAfter(*first), 0u);
  EXPECT_EQ(ids(q.take(*first, 8)), (std::vector<int64_t>{3}));
}

}  // namespace
}  // namespace enp
