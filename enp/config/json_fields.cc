#include "enp/config/json_fields.h"

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>
#include <sys/stat.h>

#include <algorithm>
#include <sstream>

#include "base/utf8.h"
#include "enp/common/log_text.h"

namespace enp::json {

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

Status checkHttpUrl(const std::string& url, const std::string& path) {
  try {
    Poco::URI uri(url);
    if ((uri.getScheme() == "https" || uri.getScheme() == "http") && !uri.getHost().empty()) {
      return Status();
    }
  } catch (const Poco::Exception&) {
  }
  return Status::invalid(path + ": expected an http(s) URL, got '" + forLog(url, 64) + "'");
}

Status checkFileExists(const std::string& file, const std::string& path) {
  struct stat st {};
  if (file.empty() || (::stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode))) {
    return Status();
  }
  return Status::invalid(path + ": no such file '" + forLog(file, 128) + "'");
}

Status checkFields(const Poco::JSON::Object& o, const std::string& path,
                   std::initializer_list<std::string_view> known) {
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
    return Status::invalid(join(path, forLog(name, 64)) + ": unknown field (expected " + expected +
                           ")");
  }
  return Status();
}

namespace {

Status checkText(const std::string& s, const std::string& where, Text text) {
  if (text == Text::kUnchecked) {
    return Status();
  }
  const std::string problem = base::utf8::textProblem(
      s, text == Text::kLines ? base::utf8::Text::kLines : base::utf8::Text::kLine);
  if (!problem.empty()) {
    return Status::invalid(where + ": " + problem);
  }
  return Status();
}

}  // namespace

Status getString(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
                 std::string* out, Text text) {
  if (!o.has(key) || o.isNull(key)) {
    return Status();
  }
  Poco::Dynamic::Var v = o.get(key);
  if (!v.isString()) {
    return Status::invalid(join(path, key) + ": expected a string");
  }
  const std::string& value = v.extract<std::string>();
  ENP_RETURN_IF_ERROR(checkText(value, join(path, key), text));
  *out = value;
  return Status();
}

Status getBool(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
               bool* out) {
  if (!o.has(key) || o.isNull(key)) {
    return Status();
  }
  Poco::Dynamic::Var v = o.get(key);
  if (v.type() != typeid(bool)) {
    return Status::invalid(join(path, key) + ": expected true or false");
  }
  *out = v.extract<bool>();
  return Status();
}

Status getInt(const Poco::JSON::Object& o, const std::string& key, const std::string& path, int lo,
              int hi, int* out) {
  if (!o.has(key) || o.isNull(key)) {
    return Status();
  }
  Poco::Dynamic::Var v = o.get(key);
  std::string where = join(path, key);
  std::string range = " from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (!v.isInteger()) {
    return Status::invalid(where + ": expected a whole number" + range);
  }
  long long n = v.convert<long long>();
  if (n < lo || n > hi) {
    return Status::invalid(where + ": expected a whole number" + range + ", got " +
                           std::to_string(n));
  }
  *out = static_cast<int>(n);
  return Status();
}

Status getStringArray(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
                      std::vector<std::string>* out, Text text) {
  if (!o.has(key) || o.isNull(key)) {
    return Status();
  }
  auto arr = o.getArray(key);
  if (!arr) {
    return Status::invalid(join(path, key) + ": expected an array of strings");
  }
  std::vector<std::string> values;
  for (size_t i = 0; i < arr->size(); ++i) {
    Poco::Dynamic::Var v = arr->get(static_cast<unsigned>(i));
    if (!v.isString()) {
      return Status::invalid(join(path, key) + "[" + std::to_string(i) + "]: expected a string");
    }
    const std::string& value = v.extract<std::string>();
    ENP_RETURN_IF_ERROR(checkText(value, join(path, key) + "[" + std::to_string(i) + "]", text));
    values.push_back(value);
  }
  *out = std::move(values);
  return Status();
}

Status getObject(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
                 Poco::JSON::Object::Ptr* out) {
  if (!o.has(key) || o.isNull(key)) {
    return Status();
  }
  Poco::JSON::Object::Ptr value = o.getObject(key);
  if (!value) {
    return Status::invalid(join(path, key) + ": expected an object");
  }
  *out = value;
  return Status();
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
