#include "enp/common/log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <array>
#include <cstdlib>
#include <mutex>

namespace enp::log {
namespace {

constexpr std::array<const char*, 12> kNames = {"http", "ews",   "rules", "pipeline",
                                                "sink", "store", "admin", "alert",
                                                "main", "graph", "imap",  "cluster"};

// %* in a pattern: the syslog priority of the message's level, as journald reads it from "<N>".
class SyslogPriorityFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm& /*time*/,
              spdlog::memory_buf_t& dest) override {
    dest.push_back(static_cast<char>('0' + syslogPriority(msg.level)));
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<SyslogPriorityFlag>();
  }
};

constexpr size_t kRingEntries = 2000;

std::once_flag g_once;
std::array<std::shared_ptr<spdlog::logger>, kNames.size()> g_loggers;
std::shared_ptr<RingSink> g_ring;

void create(spdlog::level::level_enum level) {
  // stderr is unbuffered and what journald captures for a service.
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  sink->set_formatter(makeFormatter(std::getenv("JOURNAL_STREAM") != nullptr));
  g_ring = std::make_shared<RingSink>(kRingEntries);
  for (size_t i = 0; i < kNames.size(); ++i) {
    g_loggers[i] = std::make_shared<spdlog::logger>(
        kNames[i],
        spdlog::sinks_init_list{sink, std::static_pointer_cast<spdlog::sinks::sink>(g_ring)});
    g_loggers[i]->set_level(level);
    g_loggers[i]->flush_on(spdlog::level::warn);
  }
}

}  // namespace

int syslogPriority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      return 7;  // LOG_DEBUG
    case spdlog::level::info:
      return 6;  // LOG_INFO
    case spdlog::level::warn:
      return 4;  // LOG_WARNING
    case spdlog::level::err:
      return 3;  // LOG_ERR
    case spdlog::level::critical:
      return 2;  // LOG_CRIT
    default:
      return 6;
  }
}

std::unique_ptr<spdlog::formatter> makeFormatter(bool journal) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  if (journal) {
    // The journal adds the time and strips "<N>" into PRIORITY=; the level name stays in the
    // text so `journalctl -u enp` reads well without colours.
    formatter->add_flag<SyslogPriorityFlag>('*').set_pattern("<%*>%l [%n] %v");
  } else {
    formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%e %L [%n] %v");
  }
  return formatter;
}

bool init(const std::string& level) {
  auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    return false;
  }
  std::call_once(g_once, [&] { create(parsed); });
  for (auto& l : g_loggers) {
    l->set_level(parsed);
  }
  return true;
}

spdlog::logger& get(Id id) {
  std::call_once(g_once, [] { create(spdlog::level::info); });
  return *g_loggers[static_cast<size_t>(id)];
}

std::vector<LogEntry> recent(const std::string& minLevel, const std::string& logger, size_t limit) {
  std::call_once(g_once, [] { create(spdlog::level::info); });
  return g_ring->entries(minLevel, logger, limit);
}

bool isLoggerName(const std::string& name) {
  for (const char* n : kNames) {
    if (name == n) {
      return true;
    }
  }
  return false;
}

}  // namespace enp::log
