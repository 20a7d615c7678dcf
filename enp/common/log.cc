#include "enp/common/log.h"

#include <spdlog/sinks/stdout_sinks.h>

#include <array>
#include <cstdlib>
#include <mutex>

namespace enp::log {
namespace {

constexpr std::array<const char*, 8> kNames = {"http", "ews",   "rules", "pipeline",
                                               "sink", "store", "admin", "main"};

std::once_flag g_once;
std::array<std::shared_ptr<spdlog::logger>, kNames.size()> g_loggers;

void create(spdlog::level::level_enum level) {
  // stderr is unbuffered and what journald captures for a service.
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  // Under systemd (JOURNAL_STREAM set) the journal adds the time; <N> prefixes carry the level.
  if (std::getenv("JOURNAL_STREAM") != nullptr) {
    sink->set_pattern("<%l> [%n] %v");
  } else {
    sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e %L [%n] %v");
  }
  for (size_t i = 0; i < kNames.size(); ++i) {
    g_loggers[i] = std::make_shared<spdlog::logger>(kNames[i], sink);
    g_loggers[i]->set_level(level);
    g_loggers[i]->flush_on(spdlog::level::warn);
  }
}

}  // namespace

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

}  // namespace enp::log
