#pragma once

// The fake Graph's JSON helpers (fake_graph.cc, fake_graph_delta.cc).

#include <Poco/JSON/Object.h>

#include <chrono>
#include <optional>
#include <string>

namespace fakes {

std::string stringify(const Poco::JSON::Object& o);
/// Graph's error body: {"error": {"code", "message", "innerError": {...}}}.
std::string graphError(const std::string& code, const std::string& message);
/// An ISO 8601 date and time; nullopt when it is none.
std::optional<std::chrono::system_clock::time_point> parseDateTime(const std::string& text);

}  // namespace fakes
