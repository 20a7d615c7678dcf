#include "enp/common/log_ring.h"

#include <chrono>

namespace enp::log {

void RingSink::sink_it_(const spdlog::details::log_msg& msg) {
  LogEntry e;
  e.atMs =
      std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
  // The names the filter takes (spdlog calls warn "warning"): a row reads as its filter.
  auto lv = spdlog::level::to_string_view(msg.level);
  e.level =
      msg.level == spdlog::level::warn ? std::string("warn") : std::string(lv.data(), lv.size());
  e.logger.assign(msg.logger_name.data(), msg.logger_name.size());
  e.message.assign(msg.payload.data(), msg.payload.size());
  entries_.push_back(std::move(e));
  while (entries_.size() > capacity_) {
    entries_.pop_front();
  }
}

std::vector<LogEntry> RingSink::entries(const std::string& minLevel, const std::string& logger,
                                        size_t limit) {
  auto min = minLevel.empty() ? spdlog::level::trace : spdlog::level::from_str(minLevel);
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<LogEntry> out;
  for (auto it = entries_.rbegin(); it != entries_.rend() && out.size() < limit; ++it) {
    if (spdlog::level::from_str(it->level) < min || (!logger.empty() && it->logger != logger)) {
      continue;
    }
    out.push_back(*it);
  }
  return out;
}

}  // namespace enp::log
