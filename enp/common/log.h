#pragma once

#include <spdlog/formatter.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <vector>

#include "enp/common/log_ring.h"

namespace enp::log {

/// The fixed set of named loggers. Secrets are never logged; mail content only at debug.
enum class Id {
  kHttp,
  kEws,
  kRules,
  kPipeline,
  kSink,
  kStore,
  kAdmin,
  kAlert,
  kMain,
  kGraph,
  kImap,
  kCluster
};

/// Creates every named logger writing to stderr in a journald-friendly format
/// ("<4>warning [pipeline] message" when run by systemd, else with a timestamp). Call once in main.
/// level: trace|debug|info|warn|error. Returns false for an unknown level.
bool init(const std::string& level);

/// The syslog priority journald files a message of this level under (debug 7 ... critical 2).
int syslogPriority(spdlog::level::level_enum level);

/// The line format: for the journal (JOURNAL_STREAM set) "<N>level [logger] message", where
/// journald turns the "<N>" prefix into the entry's priority; else
/// "2024-01-31T09:00:00.123 I [logger] message".
std::unique_ptr<spdlog::formatter> makeFormatter(bool journal);

/// The logger for an Id; valid after init() (before, a default stderr logger is created).
spdlog::logger& get(Id id);

/// The last log entries kept in memory (the last 2000 lines), newest first; see RingSink.
std::vector<LogEntry> recent(const std::string& minLevel, const std::string& logger, size_t limit);

/// True when `name` is one of the named loggers.
bool isLoggerName(const std::string& name);

}  // namespace enp::log
