#include "enp/sink/cns/compact_json.h"

#include <sstream>
#include <typeinfo>

#include "Poco/JSON/Array.h"
#include "Poco/JSON/Stringifier.h"
#include "Poco/JSONString.h"

namespace enp {
namespace {

// What Poco::toJSON escapes (without JSON_ESCAPE_UNICODE): the control characters, the quote,
// the backslash and the slash. Bytes of multi-byte UTF-8 characters are written as they are.
bool needsEscape(char c) {
  return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\' || c == '/';
}

void appendValue(std::string& out, const Poco::Dynamic::Var& value);

void appendArray(std::string& out, const Poco::JSON::Array& array) {
  out += '[';
  for (size_t i = 0; i < array.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    appendValue(out, array.get(static_cast<unsigned int>(i)));
  }
  out += ']';
}

void appendValue(std::string& out, const Poco::Dynamic::Var& value) {
  const std::type_info& type = value.type();
  if (value.isEmpty()) {
    out += "null";
  } else if (type == typeid(std::string)) {
    appendJsonString(out, value.extract<std::string>());
  } else if (type == typeid(bool)) {
    out += value.extract<bool>() ? "true" : "false";
  } else if (value.isInteger() && type != typeid(char)) {
    out += value.isSigned() ? std::to_string(value.convert<Poco::Int64>())
                            : std::to_string(value.convert<Poco::UInt64>());
  } else if (type == typeid(Poco::JSON::Object::Ptr)) {
    appendJson(out, *value.extract<Poco::JSON::Object::Ptr>());
  } else if (type == typeid(Poco::JSON::Object)) {
    appendJson(out, value.extract<Poco::JSON::Object>());
  } else if (type == typeid(Poco::JSON::Array::Ptr)) {
    appendArray(out, *value.extract<Poco::JSON::Array::Ptr>());
  } else if (type == typeid(Poco::JSON::Array)) {
    appendArray(out, value.extract<Poco::JSON::Array>());
  } else {
    std::ostringstream text;  // numbers with a fraction and the rarer kinds, as Poco writes them
    Poco::JSON::Stringifier::stringify(value, text);
    out += text.str();
  }
}

}  // namespace

void appendJson(std::string& out, const Poco::JSON::Object& object) {
  Poco::JSON::Object::NameList names;
  object.getNames(names);
  out += '{';
  bool first = true;
  for (const std::string& name : names) {
    if (!first) {
      out += ',';
    }
    first = false;
    appendJsonString(out, name);
    out += ':';
    appendValue(out, object.get(name));
  }
  out += '}';
}

void appendJsonString(std::string& out, std::string_view text) {
  out += '"';
  size_t run = 0;  // the start of the bytes not yet written
  for (size_t i = 0; i < text.size(); ++i) {
    if (needsEscape(text[i])) {
      out.append(text, run, i - run);
      out += Poco::toJSON(std::string(1, text[i]), 0);  // rare: Poco's own escape of the byte
      run = i + 1;
    }
  }
  out.append(text, run, text.size() - run);
  out += '"';
}

}  // namespace enp
