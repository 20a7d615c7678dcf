#pragma once

#include <signal.h>

#include <chrono>
#include <functional>
#include <string>

// The sd_notify(3) protocol between `enp serve` and systemd (enp.service is Type=notify with a
// watchdog). Every call is a no-op when systemd did not ask for notifications (NOTIFY_SOCKET
// unset), so the daemon behaves the same in a terminal, in tests and under systemd.
namespace enp::systemd {

/// READY=1 plus a STATUS= line: the listeners accept connections and the database is open.
void notifyReady(const std::string& status);

/// STOPPING=1: shutdown has begun (systemd then allows TimeoutStopSec for it).
void notifyStopping();

/// WATCHDOG=1: the daemon is alive and healthy.
void notifyWatchdog();

/// Half of WatchdogSec= when systemd enabled the watchdog for this process, else zero.
std::chrono::milliseconds watchdogInterval();

/// Blocks until one of `signals` arrives and returns its number. The signals must already be
/// blocked in every thread. While waiting, pings the watchdog every watchdogInterval() only when
/// healthy() returns true, so systemd restarts a daemon whose database stopped committing.
/// healthy() runs on the calling thread.
int waitForSignal(const sigset_t& signals, const std::function<bool()>& healthy);

}  // namespace enp::systemd
