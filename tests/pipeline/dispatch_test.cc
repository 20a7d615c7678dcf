// The pipeline's dispatcher without the binary: a temp database, a mail source and a sink that
// the test holds at chosen points (a reader looking up a registration's upstream, a push), so
// that a batch ends exactly while the dispatcher has the store read and its lock released.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>

#include "enp/pipeline/pipeline.h"
#include "enp/store/settings_store.h"
#include "fake_clock.h"
#include "status_matchers.h"
#include "temp_database.h"
#include "test_zones.h"

namespace enp {
namespace {

using std::chrono::seconds;

constexpr std::chrono::milliseconds kPatience = seconds(30);

// A point the test holds a thread at: it counts the arrivals and lets them pass once opened.
class Gate {
 public:
  void pass() {
    std::unique_lock<std::mutex> lock(mutex_);
    ++arrived_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
  }
  void open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }
  bool awaitArrivals(int n, std::chrono::milliseconds patience = kPatience) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, patience, [&] { return arrived_ >= n; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int arrived_ = 0;
  bool open_ = false;
};

// What the source and the sink share with the test.
struct Upstreams {
  std::map<std::string, Gate> lookups;  // by registration id: upstreamFor() waits there
  std::map<std::string, Gate> pushes;   // by subject: deliver() waits there
  std::mutex mutex;
  std::condition_variable delivered;
  std::map<std::string, int> deliveries;  // by subject
  int total = 0;
  bool oneUpstream = false;  // every registration's mail from the same upstream, else each its own

  bool awaitDeliveries(int n) {
    std::unique_lock<std::mutex> lock(mutex);
    return delivered.wait_for(lock, kPatience, [&] { return total >= n; });
  }
};

// Each registration its own upstream (or all one); a mail's subject is its item id.
class HeldReader : public MailReader {
 public:
  explicit HeldReader(Upstreams& u) : u_(u) {}
  void configure(const std::shared_ptr<const Settings>&) override {}
  std::variant<std::string, Failure> upstreamFor(const Registration& r) override {
    if (auto gate = u_.lookups.find(r.id); gate != u_.lookups.end()) {
      gate->second.pass();
    }
    return upstream(r);
  }
  ReadBatch read(const Registration& r, const std::vector<QueuedEvent>& events) override {
    ReadBatch batch;
    batch.upstream = upstream(r);
    for (const QueuedEvent& e : events) {
      Mail mail;
      mail.itemId = e.itemId;
      mail.senderName = "Bob Builder";
      mail.senderAddress = "bob@contoso.com";
      mail.subject = e.itemId;
      mail.itemClass = "IPM.Note";
      batch.items.emplace_back(std::move(mail));
    }
    return batch;
  }

 private:
  std::string upstream(const Registration& r) const {
    return u_.oneUpstream ? "test:all" : "test:" + r.id;
  }

  Upstreams& u_;
};

class HeldSource : public Source {
 public:
  explicit HeldSource(Upstreams& u) : u_(u) {}
  std::string_view name() const override { return "test"; }
  bool serves(const Registration&) const override { return true; }
  MailReaderPtr newReader() override { return std::make_unique<HeldReader>(u_); }

 private:
  Upstreams& u_;
};

class HeldSink : public Sink {
 public:
  explicit HeldSink(Upstreams& u) : u_(u) {}
  std::optional<Failure> configure(const std::shared_ptr<const Settings>&) override {
    return std::nullopt;
  }
  std::string upstream() const override { return "cns"; }
  std::optional<Failure> deliver(const Notification& n,
                                 std::chrono::system_clock::time_point) override {
    const std::string subject = n.claim->optValue<std::string>("subject", "");
    if (auto gate = u_.pushes.find(subject); gate != u_.pushes.end()) {
      gate->second.pass();
    }
    std::lock_guard<std::mutex> lock(u_.mutex);
    ++u_.deliveries[subject];
    ++u_.total;
    u_.delivered.notify_all();
    return std::nullopt;
  }

 private:
  Upstreams& u_;
};

class DispatchTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    auto zones = loadTestZones();
    ASSERT_OK(zones);
    zones_ = std::move(*zones);
    registrations_ = std::make_unique<RegistrationStore>(*db_);
    events_ = std::make_unique<EventStore>(*db_);
    decisions_ = std::make_unique<DecisionStore>(*db_, 100);
    mailboxHours_ = std::make_unique<MailboxHoursStore>(*db_);
    settingsStore_ = std::make_unique<SettingsStore>(*db_);
    Settings s;
    s.cns = {"https://cns.test/v1/notifications",  "org-contoso", "cns-token", "cns.test", "HS256",
             "cns-shared-secret-0123456789abcdef", "enp-1"};
    s.registrationKeys.push_back({"uem", "regkey-0123456789abcdefghijkl"});
    ASSERT_OK(settingsStore_->save(s, clock_.nowMs()));
    settings_ = std::make_unique<SettingsCache>(*settingsStore_, 0);
    gates_ = std::make_unique<UpstreamGates>(metrics_);
    sources_.push_back(std::make_unique<HeldSource>(upstreams_));
  }
  void TearDown() override {
    pipeline_.reset();
    TempDatabaseTest::TearDown();
  }

  void startPipeline(PipelineOptions options) {
    pipeline_ = std::make_unique<Pipeline>(
        Processor::Deps{*registrations_, *mailboxHours_, *events_, *decisions_, *settings_, *zones_,
                        metrics_, clock_, health_, *gates_, sources_, RetryOptions{}, nullptr},
        [this] { return std::make_unique<HeldSink>(upstreams_); }, options);
    pipeline_->start();
  }

  void register_(const std::string& id) {
    Registration r;
    r.id = id;
    r.mailbox = id + "@contoso.com";
    r.deviceToken = "device-" + id;
    r.platform = "ios";
    r.policyJson = R"({"timeZone":"UTC"})";
    r.keyLabel = "uem";
    r.createdAt = r.updatedAt = clock_.nowMs();
    ASSERT_OK(registrations_->create(r, "cb-" + id, "secret-" + id));
  }

  // Queues new-mail events as the callback handler does (without waking the pipeline).
  void queue(const std::string& registration, const std::vector<std::string>& itemIds) {
    NotifyWrite w;
    w.registrationId = registration;
    w.nowMs = clock_.nowMs();
    for (const std::string& id : itemIds) {
      w.items.push_back({id, "inbox-folder", "sub-1", "wm", clock_.nowMs()});
    }
    ASSERT_OK(events_->persist(w));
  }

  // Four slots, one per mailbox, and c1 (of reg-c) pushed and held there; two more of reg-c
  // queued behind it: the dispatcher then holds enough (half the slots' worth) to read only when
  // it runs low. `inHand`: what it then holds in all, c1 included.
  void holdEnoughBehindC1(size_t inHand) {
    startPipeline({.maxInFlight = 4,
                   .minInFlight = 4,
                   .maxInFlightPerRegistration = 1,
                   .cpuThreads = 1,
                   .blockingThreads = 8});
    ASSERT_TRUE(upstreams_.pushes.at("c1").awaitArrivals(1));  // the test made that gate
    queue("reg-c", {"c2", "c3"});
    pipeline_->wake();
    ASSERT_TRUE(eventually([&] { return pipeline_->inFlight() == inHand; }));
    pipeline_->wake();
    ASSERT_TRUE(eventually([&] { return pipeline_->readsOnlyWhenLow(); }));
  }

  // Once these mails went, each was pushed once, and nothing else was.
  void expectPushedOnce(const std::vector<std::string>& subjects) {
    ASSERT_TRUE(upstreams_.awaitDeliveries(static_cast<int>(subjects.size())));
    ASSERT_TRUE(eventually([&] { return pipeline_->inFlight() == 0; }));
    EXPECT_TRUE(pipeline_->stop(kPatience));
    std::map<std::string, int> once;
    for (const std::string& subject : subjects) {
      once[subject] = 1;
    }
    std::lock_guard<std::mutex> lock(upstreams_.mutex);
    EXPECT_EQ(upstreams_.deliveries, once);
    EXPECT_EQ(upstreams_.total, static_cast<int>(subjects.size()));
  }

  // Waits until `done` holds, looking again whenever the pipeline may have moved on.
  static bool eventually(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + kPatience;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) {
        return false;
      }
      std::this_thread::yield();
    }
    return true;
  }

  testsupport::FakeClock clock_;
  Metrics metrics_;
  HealthBoard health_;
  Upstreams upstreams_;
  std::unique_ptr<rules::ZoneDb> zones_;
  std::unique_ptr<RegistrationStore> registrations_;
  std::unique_ptr<EventStore> events_;
  std::unique_ptr<DecisionStore> decisions_;
  std::unique_ptr<MailboxHoursStore> mailboxHours_;
  std::unique_ptr<SettingsStore> settingsStore_;
  std::unique_ptr<SettingsCache> settings_;
  std::unique_ptr<UpstreamGates> gates_;
  std::vector<SourcePtr> sources_;
  std::unique_ptr<Pipeline> pipeline_;
};

// A mailbox with a batch being pushed gets new mail while the dispatcher holds enough to read
// only when it runs low: its events are read at once (queued()), while a reader looks up the
// upstream of another, new mailbox; the batch being pushed ends right then. The mail of that
// batch, still queued in the store when the read began, is not taken in hand and pushed again.
TEST_F(DispatchTest, AMailWhoseBatchEndsWhileItsMailboxIsReadIsPushedOnce) {
  for (const char* id : {"reg-a", "reg-b", "reg-c"}) {
    register_(id);
  }
  Gate& pushX = upstreams_.pushes["x"];
  Gate& pushC1 = upstreams_.pushes["c1"];
  Gate& lookupB = upstreams_.lookups["reg-b"];
  queue("reg-a", {"x"});
  queue("reg-c", {"c1"});
  holdEnoughBehindC1(4);  // x is pushed too, held there
  ASSERT_TRUE(pushX.awaitArrivals(1));

  // New mail for a (its upstream has room) and for b (not known yet): read at once.
  queue("reg-a", {"y"});
  queue("reg-b", {"z"});
  pipeline_->queued({"reg-a", "reg-b"});
  ASSERT_TRUE(lookupB.awaitArrivals(1));  // read, and looking up b's upstream
  pushX.open();                           // x's batch ends meanwhile
  ASSERT_TRUE(eventually([&] { return pipeline_->batchesInFlight() == 1; }));
  lookupB.open();
  pushC1.open();

  expectPushedOnce({"c1", "c2", "c3", "x", "y", "z"});
}

// A mail read ahead for a starved upstream (above the last id read) is being pushed when the
// dispatcher next reads what was queued since its last look; that batch ends while the read's
// other mailbox's upstream is looked up. The mail is passed over by that read, not pushed twice.
TEST_F(DispatchTest, AMailReadAheadIsNotReadAgainWithWhatWasQueuedSince) {
  for (const char* id : {"reg-a", "reg-c", "reg-d"}) {
    register_(id);
  }
  Gate& pushC1 = upstreams_.pushes["c1"];
  Gate& pushY = upstreams_.pushes["y"];
  Gate& lookupD = upstreams_.lookups["reg-d"];
  queue("reg-c", {"c1"});
  holdEnoughBehindC1(3);
  // y is read at once for its new mailbox, and pushed (held there).
  queue("reg-a", {"y"});
  pipeline_->queued({"reg-a"});
  ASSERT_TRUE(pushY.awaitArrivals(1));

  // c's mails go: the dispatcher runs low and reads what was queued since its last look, w of
  // a new mailbox among it; y's batch ends while w's upstream is looked up.
  queue("reg-d", {"w"});
  pushC1.open();
  ASSERT_TRUE(lookupD.awaitArrivals(1));
  pushY.open();
  ASSERT_TRUE(eventually([&] { return pipeline_->inFlight() == 0; }));
  lookupD.open();

  expectPushedOnce({"c1", "c2", "c3", "w", "y"});
}

// A batch done pushing frees its slot while its outcome waits for the commit: with one slot,
// the next mail is pushed while another writer holds the database; a third waits, since more
// batches then wait for their commit than may send. All are recorded once the writer lets go.
TEST_F(DispatchTest, ABatchWaitingForItsCommitLeavesItsSlotToTheNext) {
  if (testOnPostgres()) {
    GTEST_SKIP() << "holds SQLite's write lock";
  }
  for (const char* id : {"reg-a", "reg-b", "reg-c"}) {
    register_(id);
  }
  upstreams_.oneUpstream = true;  // else b1 would start beside a1 (its upstream's share)
  Gate& pushA = upstreams_.pushes["a1"];
  Gate& pushB = upstreams_.pushes["b1"];
  queue("reg-a", {"a1"});
  queue("reg-b", {"b1"});
  queue("reg-c", {"c1"});
  startPipeline({.maxInFlight = 1,
                 .minInFlight = 1,
                 .maxInFlightPerRegistration = 1,
                 .cpuThreads = 1,
                 .blockingThreads = 8});
  ASSERT_TRUE(pushA.awaitArrivals(1));
  ASSERT_EQ(pipeline_->batchesInFlight(), 1U);  // the one slot: b1 waits for it
  SQLite::Database other(path_, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  pushB.open();
  pushA.open();
  // a1's commit waits for the lock (the store's busy timeout is 5 s): b1 is pushed meanwhile,
  // and once it is done sending (in the same step as a batch would start), c1 has not started.
  const bool pushedMeanwhile = pushB.awaitArrivals(1, seconds(4));
  const bool bDone =
      pushedMeanwhile && eventually([&] { return pipeline_->batchesInFlight() == 0; });
  int c1Meanwhile = 0;
  {
    std::lock_guard<std::mutex> lock(upstreams_.mutex);
    c1Meanwhile = upstreams_.deliveries.count("c1") > 0 ? upstreams_.deliveries.at("c1") : 0;
  }
  other.exec("COMMIT");
  EXPECT_TRUE(pushedMeanwhile);
  EXPECT_TRUE(bDone);
  EXPECT_EQ(c1Meanwhile, 0);
  expectPushedOnce({"a1", "b1", "c1"});
  const Result<int64_t> delivered = events_->countInState(EventState::kDelivered);
  ASSERT_OK(delivered);
  EXPECT_EQ(*delivered, 3);
}

// The store cannot record outcomes: after a batch's commit failed, no batch starts while it
// backs off (a second), since their pushes could not be recorded either and would be sent again
// once the store is back. Two slots: a1 and b1 are pushed (held there); the decisions' table
// goes, so commits fail; a1's slot goes to c1 as soon as a1 is sent (held too), its commit then
// fails; b1's end frees a slot that d1 does not get.
TEST_F(DispatchTest, NoBatchStartsWhileAFailedCommitBacksOff) {
  if (testOnPostgres()) {
    GTEST_SKIP() << "drops a table behind the store's back on SQLite";
  }
  for (const char* id : {"reg-a", "reg-b", "reg-c", "reg-d"}) {
    register_(id);
  }
  upstreams_.oneUpstream = true;
  Gate& pushA = upstreams_.pushes["a1"];
  Gate& pushB = upstreams_.pushes["b1"];
  Gate& pushC = upstreams_.pushes["c1"];
  queue("reg-a", {"a1"});
  queue("reg-b", {"b1"});
  queue("reg-c", {"c1"});
  queue("reg-d", {"d1"});
  startPipeline({.maxInFlight = 2,
                 .minInFlight = 2,
                 .maxInFlightPerRegistration = 1,
                 .cpuThreads = 1,
                 .blockingThreads = 8});
  ASSERT_TRUE(pushA.awaitArrivals(1));
  ASSERT_TRUE(pushB.awaitArrivals(1));
  {
    SQLite::Database other(path_, SQLite::OPEN_READWRITE);
    other.exec("DROP TABLE decisions");
  }
  Counter& failed = metrics_.counter("enp_pipeline_records_failed_total");
  pushA.open();
  ASSERT_TRUE(pushC.awaitArrivals(1));
  ASSERT_TRUE(eventually([&] { return failed.value() == 1; }));
  pushB.open();
  // b1 is sent (its slot freed, in the same step as a batch would start): d1 did not start.
  ASSERT_TRUE(eventually([&] {
    std::lock_guard<std::mutex> lock(upstreams_.mutex);
    return upstreams_.deliveries.count("b1") == 1;
  }));
  ASSERT_TRUE(eventually([&] { return pipeline_->batchesInFlight() == 1; }));  // c1's
  {
    std::lock_guard<std::mutex> lock(upstreams_.mutex);
    EXPECT_EQ(upstreams_.deliveries.count("d1"), 0U);
  }
  pushC.open();
  EXPECT_TRUE(pipeline_->stop(kPatience));
  EXPECT_EQ(failed.value(), 3U);  // a1, b1, c1: all still queued
  const Result<int64_t> queued = events_->queuedCount();
  ASSERT_OK(queued);
  EXPECT_EQ(*queued, 4);
}

}  // namespace
}  // namespace enp
