#include "enp/config/json_fields.h"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <sstream>

#include "enp/common/log_text.h"
#include "base/utf8.h"

namespace enp::json {

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

bool checkFields(const Poco::JSON::Object& o, const std::string& path,
                 std::initializer_list<std::string_view> known, std::string* error) {
  for (const auto& [name, value] : o) {
    if (std::find(known.begin(), known.end(), name) != known.end()) {
      continue;
    }
    std::string expected;
    size_t i = 0;
    for (std::string_view k : known) {
      expected += i == 0 ? "" : i + 1 == known.size() ? " or " : ", ";
      expected += k;
      ++i;
    }
    *error = join(path, forLog(name, 64)) + ": unknown field (expected " + expected + ")";
    return false;
  }
  return true;
}

namespace {

bool checkText(const std::string& s, const std::string& where, Text text, std::string* error) {
  if (text == Text::kUnchecked) {
    return true;
  }
  const std::string problem =
      base::utf8::textProblem(s, text == Text::kLines ? base::utf8::Text::kLines : base::utf8::Text::kLine);
  if (!problem.empty()) {
    *error = where + ": " + problem;
    return false;
  }
  return true;
}

}  // namespace

bool getString(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
               std::string* out, std::string* error, Text text) {
  if (!o.has(key) || o.isNull(key)) {
    return true;
  }
  Poco::Dynamic::Var v = o.get(key);
  if (!v.isString()) {
    *error = join(path, key) + ": expected a string";
    return false;
  }
  const std::string& value = v.extract<std::string>();
  if (!checkText(value, join(path, key), text, error)) {
    return false;
  }
  *out = value;
  return true;
}

bool getBool(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
             bool* out, std::string* error) {
  if (!o.has(key) || o.isNull(key)) {
    return true;
  }
  Poco::Dynamic::Var v = o.get(key);
  if (v.type() != typeid(bool)) {
    *error = join(path, key) + ": expected true or false";
    return false;
  }
  *out = v.extract<bool>();
  return true;
}

bool getInt(const Poco::JSON::Object& o, const std::string& key, const std::string& path, int lo,
            int hi, int* out, std::string* error) {
  if (!o.has(key) || o.isNull(key)) {
    return true;
  }
  Poco::Dynamic::Var v = o.get(key);
  std::string where = join(path, key);
  std::string range = " from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (!v.isInteger()) {
    *error = where + ": expected a whole number" + range;
    return false;
  }
  long long n = v.convert<long long>();
  if (n < lo || n > hi) {
    *error = where + ": expected a whole number" + range + ", got " + std::to_string(n);
    return false;
  }
  *out = static_cast<int>(n);
  return true;
}

bool getStringArray(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
                    std::vector<std::string>* out, std::string* error, Text text) {
  if (!o.has(key) || o.isNull(key)) {
    return true;
  }
  auto arr = o.getArray(key);
  if (!arr) {
    *error = join(path, key) + ": expected an array of strings";
    return false;
  }
  std::vector<std::string> values;
  for (size_t i = 0; i < arr->size(); ++i) {
    Poco::Dynamic::Var v = arr->get(static_cast<unsigned>(i));
    if (!v.isString()) {
      *error = join(path, key) + "[" + std::to_string(i) + "]: expected a string";
      return false;
    }
    const std::string& value = v.extract<std::string>();
    if (!checkText(value, join(path, key) + "[" + std::to_string(i) + "]", text, error)) {
      return false;
    }
    values.push_back(value);
  }
  *out = std::move(values);
  return true;
}

bool getObject(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
               Poco::JSON::Object::Ptr* out, std::string* error) {
  if (!o.has(key) || o.isNull(key)) {
    return true;
  }
  *out = o.getObject(key);
  if (!*out) {
    *error = join(path, key) + ": expected an object";
    return false;
  }
  return true;
}

std::string stringify(const Poco::Dynamic::Var& v) {
  std::ostringstream out;
  if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
    v.extract<Poco::JSON::Object::Ptr>()->stringify(out);
  } else if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
    v.extract<Poco::JSON::Array::Ptr>()->stringify(out);
  } else {
    out << Poco::Dynamic::Var::toString(v);
  }
  return out.str();
}

}  // namespace enp::json
