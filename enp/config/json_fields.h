#pragma once

#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace enp::json {

/// Typed reads of optional JSON members with error messages that name the field path.
/// Each returns false (with *error set) when the member is present but of the wrong type; an
/// absent member leaves *out unchanged and returns true.
bool getString(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
               std::string* out, std::string* error);
bool getBool(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
             bool* out, std::string* error);
bool getInt(const Poco::JSON::Object& o, const std::string& key, const std::string& path, int lo,
            int hi, int* out, std::string* error);
bool getStringArray(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
                    std::vector<std::string>* out, std::string* error);

/// An optional member that must be an object when present (null counts as absent).
bool getObject(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
               Poco::JSON::Object::Ptr* out, std::string* error);

/// Unknown members are errors: false with *error "<path.name>: unknown field (expected a, b or
/// c)" when `o` has a member whose name is not in `known`. The name, which comes from the input,
/// is escaped and cut for the message (forLog()).
bool checkFields(const Poco::JSON::Object& o, const std::string& path,
                 std::initializer_list<std::string_view> known, std::string* error);

/// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string join(const std::string& path, const std::string& key);

/// Serialises compactly.
std::string stringify(const Poco::Dynamic::Var& v);

}  // namespace enp::json
