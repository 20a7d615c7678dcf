#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace enp::log {

/// The fixed set of named loggers. Secrets are never logged; mail content only at debug.
enum class Id { kHttp, kEws, kRules, kPipeline, kSink, kStore, kAdmin, kMain };

/// Creates every named logger writing to stderr in a journald-friendly format
/// ("<6>[pipeline] message" when run by systemd, else with a timestamp). Call once in main.
/// level: trace|debug|info|warn|error. Returns false for an unknown level.
bool init(const std::string& level);

/// The logger for an Id; valid after init() (before, a default stderr logger is created).
spdlog::logger& get(Id id);

}  // namespace enp::log
