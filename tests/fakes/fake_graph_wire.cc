#include "fake_graph_wire.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>

#include <sstream>

#include "fake_graph.h"

namespace fakes {

std::string stringify(const Poco::JSON::Object& o) {
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

std::string graphError(const std::string& code, const std::string& message) {
  Poco::JSON::Object inner;
  inner.set("code", code);
  inner.set("message", message);
  Poco::JSON::Object innerError;
  innerError.set("date", graphDateTime(std::chrono::system_clock::now()));
  innerError.set("request-id", "0b0c8c2c-4f0c-4f5e-9b1d-2f1e5b7d9a10");
  inner.set("innerError", innerError);
  Poco::JSON::Object o;
  o.set("error", inner);
  return stringify(o);
}

std::optional<std::chrono::system_clock::time_point> parseDateTime(const std::string& text) {
  Poco::DateTime dt;
  int tzd = 0;
  if (!Poco::DateTimeParser::tryParse(text, dt, tzd)) {
    return std::nullopt;
  }
  dt.makeUTC(tzd);
  return std::chrono::system_clock::from_time_t(0) +
         std::chrono::microseconds(dt.timestamp().epochMicroseconds());
}

}  // namespace fakes
