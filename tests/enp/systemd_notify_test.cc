#include "enp/app/systemd_notify.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace enp {
namespace {

// A datagram socket standing in for systemd's NOTIFY_SOCKET.
class SystemdNotifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "enp-notify-" + std::to_string(::getpid()) + ".sock";
    ::unlink(path_.c_str());
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd_, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    ASSERT_LT(path_.size(), sizeof addr.sun_path);
    std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);
    ASSERT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ::setenv("NOTIFY_SOCKET", path_.c_str(), 1);
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");
  }
  void TearDown() override {
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  // The next message, or "" when none is waiting.
  std::string receive(bool wait) {
    char buf[512];
    ssize_t n = ::recv(fd_, buf, sizeof buf, wait ? 0 : MSG_DONTWAIT);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  }

  std::string path_;
  int fd_ = -1;
};

TEST_F(SystemdNotifyTest, ReadyCarriesAStatusLine) {
  systemd::notifyReady("public 0.0.0.0:443");
  EXPECT_EQ(receive(true), "READY=1\nSTATUS=public 0.0.0.0:443");
  systemd::notifyStopping();
  EXPECT_EQ(receive(true), "STOPPING=1\nSTATUS=stopping");
}

TEST_F(SystemdNotifyTest, WithoutNotifySocketNothingIsSent) {
  ::unsetenv("NOTIFY_SOCKET");
  systemd::notifyReady("x");
  systemd::notifyWatchdog();
  EXPECT_EQ(receive(false), "");
}

TEST_F(SystemdNotifyTest, WatchdogIntervalIsHalfOfWatchdogSec) {
  EXPECT_EQ(systemd::watchdogInterval().count(), 0);
  ::setenv("WATCHDOG_USEC", "30000000", 1);
  EXPECT_EQ(systemd::watchdogInterval().count(), 15000);
  // Meant for another process (a child of the service): not ours to ping.
  ::setenv("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str(), 1);
  EXPECT_EQ(systemd::watchdogInterval().count(), 0);
  ::unsetenv("WATCHDOG_PID");
}

// Blocks SIGUSR1 for the test (every thread started here inherits the mask) and restores it.
class BlockedSignal {
 public:
  BlockedSignal() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
  }
  ~BlockedSignal() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  const sigset_t& set() const { return set_; }

 private:
  sigset_t set_, old_;
};

TEST_F(SystemdNotifyTest, PingsTheWatchdogWhileHealthyUntilASignal) {
  BlockedSignal signals;
  ::setenv("WATCHDOG_USEC", "2000", 1);  // a ping every millisecond
  int checks = 0;
  int sig = systemd::waitForSignal(signals.set(), [&checks] {
    if (++checks == 3) {
      ::kill(::getpid(), SIGUSR1);
    }
    return true;
  });
  EXPECT_EQ(sig, SIGUSR1);
  EXPECT_EQ(checks, 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(receive(false), "WATCHDOG=1");
  }
  EXPECT_EQ(receive(false), "");
}

TEST_F(SystemdNotifyTest, NoPingWhileTheDatabaseIsUnhealthy) {
  BlockedSignal signals;
  ::setenv("WATCHDOG_USEC", "2000", 1);
  int checks = 0;
  int sig = systemd::waitForSignal(signals.set(), [&checks] {
    if (++checks == 3) {
      ::kill(::getpid(), SIGUSR1);
    }
    return false;
  });
  EXPECT_EQ(sig, SIGUSR1);
  EXPECT_EQ(receive(false), "");
}

TEST_F(SystemdNotifyTest, WithoutWatchdogWaitsForTheSignalOnly) {
  BlockedSignal signals;
  ::kill(::getpid(), SIGUSR1);  // pending before the wait
  bool asked = false;
  EXPECT_EQ(systemd::waitForSignal(signals.set(),
                                   [&asked] {
                                     asked = true;
                                     return true;
                                   }),
            SIGUSR1);
  EXPECT_FALSE(asked);
  EXPECT_EQ(receive(false), "");
}

}  // namespace
}  // namespace enp
