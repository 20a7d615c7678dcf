#pragma once

#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "enp/common/status.h"

namespace enp::json {

/// What a string member may hold besides printable characters. Text from outside must be valid
/// UTF-8 (Poco's parser already refuses invalid bytes) without control characters where they
/// make no sense.
enum class Text {
  kLine,       ///< One line: no control characters (C0, DEL, C1).
  kLines,      ///< A PEM block and the like: tab, CR and LF allowed.
  kUnchecked,  ///< Not checked (a stored document, checked when it was saved).
};

/// Typed reads of optional JSON members with error messages that name the field path.
/// Each returns kInvalid when the member is present but of the wrong type, or a string holds
/// what `text` does not allow ("cns.keyId: control character U+0001 at byte 3 not allowed"),
/// leaving *out unchanged; an absent member leaves *out unchanged and returns OK.
Status getString(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
                 std::string* out, Text text = Text::kLine);
Status getBool(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
               bool* out);
Status getInt(const Poco::JSON::Object& o, const std::string& key, const std::string& path, int lo,
              int hi, int* out);
Status getStringArray(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
                      std::vector<std::string>* out, Text text = Text::kLine);

/// An optional member that must be an object when present (null counts as absent).
Status getObject(const Poco::JSON::Object& o, const std::string& key, const std::string& path,
                 Poco::JSON::Object::Ptr* out);

/// Unknown members are errors: kInvalid "<path.name>: unknown field (expected a, b or c)" when
/// `o` has a member whose name is not in `known`. The name, which comes from the input, is
/// escaped and cut for the message (forLog()).
Status checkFields(const Poco::JSON::Object& o, const std::string& path,
                   std::initializer_list<std::string_view> known);

/// OK for an http or https URL with a host; else kInvalid "<path>: expected an http(s) URL, got
/// '<url>'" (the URL escaped and cut).
Status checkHttpUrl(const std::string& url, const std::string& path);

/// OK for "" (not set) or a path naming an existing file; else kInvalid "<path>: no such file
/// '<file>'" (a certificate, key or CA file an administrator mistyped is refused when saved,
/// not found out at the first connection).
Status checkFileExists(const std::string& file, const std::string& path);

/// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string join(const std::string& path, const std::string& key);

/// Serialises compactly.
std::string stringify(const Poco::Dynamic::Var& v);

}  // namespace enp::json
