// The checks no single mail reveals, each raising and then resolving its alert by itself.
#include "enp/alert/condition_monitor.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "enp/alert/conditions.h"
#include "enp/common/secrets.h"
#include "enp/store/registration_store.h"
#include "enp/store/settings_store.h"
#include "fake_clock.h"
#include "status_matchers.h"
#include "temp_database.h"
#include "temp_dir.h"

namespace enp {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testsupport::valueOf;

class ConditionMonitorTest : public TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    settingsStore_ = std::make_unique<SettingsStore>(*db_);
    configure([](AlertSettings&) {});
    settings_ = std::make_unique<SettingsCache>(*settingsStore_, 0);
    alertStore_ = std::make_unique<AlertStore>(*db_);
    board_ = std::make_unique<AlertBoard>(*alertStore_, clock_, metrics_);
    events_ = std::make_unique<EventStore>(*db_);
    // A certificate valid for 40 days from the real now; the fake clock moves towards its end.
    cert_ = dir_.file("public.pem");
    const std::string cmd =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout " +
        dir_.file("public.key") + " -out " + cert_ + " -days 40 -subj /CN=enp.test >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    expiresAt_ = valueOf(certificateExpiresAt(cert_));
    clock_.set(expiresAt_ - 40 * 24 * 3600 * 1000LL);
    monitor_ = std::make_unique<ConditionMonitor>(ConditionMonitor::Deps{
        *board_, *events_, *db_, *settings_, clock_, dir_.path(), {{"public", cert_}}});
  }

  void configure(const std::function<void(AlertSettings&)>& change) {
    Settings s;
    s.alerts.minFreeDiskMb = 0;
    change(s.alerts);
    ASSERT_OK(settingsStore_->save(s, clock_.nowMs()));
    if (settings_) {
      settings_->invalidate();
    }
  }

  std::string firing() {
    std::string out;
    for (const Alert& a : board_->firing()) {
      out += (out.empty() ? "" : ",") + a.key + "/" + toString(a.severity);
    }
    return out;
  }

  testsupport::FakeClock clock_;
  testsupport::TempDir dir_;
  Metrics metrics_;
  std::string cert_;
  int64_t expiresAt_ = 0;
  std::unique_ptr<SettingsStore> settingsStore_;
  std::unique_ptr<SettingsCache> settings_;
  std::unique_ptr<AlertStore> alertStore_;
  std::unique_ptr<AlertBoard> board_;
  std::unique_ptr<EventStore> events_;
  std::unique_ptr<ConditionMonitor> monitor_;
};

TEST_F(ConditionMonitorTest, NothingFiresOnAHealthyServer) {
  monitor_->runOnce();
  EXPECT_EQ(firing(), "");
}

TEST_F(ConditionMonitorTest, ACertificateExpiringWithin30DaysWarnsThenIsCriticalOnceExpired) {
  clock_.set(expiresAt_ - 29 * 24 * 3600 * 1000LL);
  monitor_->runOnce();
  EXPECT_EQ(firing(), "certificate-expiry:public/warning");
  EXPECT_EQ(board_->firing()[0].title, "Certificate of the public listener expires in 29 days");
  clock_.set(expiresAt_ + 1000);
  monitor_->runOnce();
  EXPECT_EQ(firing(), "certificate-expiry:public/critical");
  // A renewed certificate (the clock back where the file is fresh) resolves it.
  clock_.set(expiresAt_ - 31 * 24 * 3600 * 1000LL);
  monitor_->runOnce();
  EXPECT_EQ(firing(), "");
}

TEST_F(ConditionMonitorTest, AnOldQueuedEventIsABacklogUntilItLeaves) {
  Registration r;
  r.id = "reg-1";
  r.mailbox = "alice@contoso.com";
  r.deviceToken = "dev";
  r.platform = "ios";
  r.policyJson = "{}";
  r.keyLabel = "uem";
  ASSERT_OK(RegistrationStore(*db_).create(r, sha256Hex("cb"), sha256Hex("s")));
  NotifyWrite w;
  w.registrationId = "reg-1";
  w.nowMs = clock_.nowMs();
  w.items.push_back({"item-1", "inbox", "sub", "wm", clock_.nowMs()});
  ASSERT_OK(events_->persist(w));
  clock_.advance(minutes(10));
  monitor_->runOnce();
  EXPECT_EQ(firing(), "");
  clock_.advance(minutes(1));
  monitor_->runOnce();
  EXPECT_EQ(firing(), "queue-backlog/warning");
  const auto due = valueOf(events_->due(clock_.nowMs(), 10, {}));
  ASSERT_OK(events_->finish(due[0].id, EventState::kDelivered, "", 1, clock_.nowMs()));
  monitor_->runOnce();
  EXPECT_EQ(firing(), "");
}

TEST_F(ConditionMonitorTest, LittleFreeSpaceOnTheDataDirectoryIsCritical) {
  configure([](AlertSettings& a) { a.minFreeDiskMb = 1 << 24; });  // 16 TB
  monitor_->runOnce();
  EXPECT_EQ(firing(), "disk-space/critical");
  configure([](AlertSettings& a) { a.minFreeDiskMb = 0; });
  monitor_->runOnce();
  EXPECT_EQ(firing(), "");
}

}  // namespace
}  // namespace enp
