#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Internet message header fields (RFC 5322 §2.2) and the structured ones ENP reads: Content-Type
// (RFC 2045 §5) and addresses (RFC 5322 §3.4). Lenient: mail in the wild is read as mailers
// display it. Pure functions; thread-safe.
namespace enp::mime {

/// One header field, its value unfolded (CRLF before a continuation line removed) and trimmed.
struct HeaderField {
  std::string name;
  std::string value;
};

/// The header fields of a message or MIME part, in order.
class Headers {
 public:
  std::vector<HeaderField> fields;

  /// The value of the first field named `name` (case-insensitive), or nullopt.
  std::optional<std::string_view> get(std::string_view name) const;
};

/// The offset where the body starts: after the first empty line (CRLF CRLF or LF LF), or
/// text.size() when the header block does not end (a cut-off message).
size_t bodyOffset(std::string_view text);

/// Parses the header block at the start of `text` (up to bodyOffset()). Lines without a colon
/// are skipped; at most 1000 fields are kept.
Headers parseHeaders(std::string_view text);

/// A Content-Type value: lower-case type and subtype (text/plain when absent or malformed, as
/// RFC 2045 §5.2 says) and parameters (lower-case names, unquoted values).
struct ContentType {
  std::string type = "text";
  std::string subtype = "plain";
  std::map<std::string, std::string> params;

  /// The parameter's value, or "".
  std::string param(const std::string& name) const;
  bool isMultipart() const { return type == "multipart"; }
  bool isText() const { return type == "text"; }
};

ContentType parseContentType(std::string_view value);

/// The disposition type of a Content-Disposition value, lower-case ("inline", "attachment"), or
/// "" when absent.
std::string dispositionType(std::string_view value);

/// A mailbox: display name (encoded words decoded) and address ("local@domain"); either may be
/// empty.
struct MailAddress {
  std::string name;
  std::string address;
};

/// The first mailbox of an address-list header value (From, Sender): "Name <a@b>", "\"Doe,
/// John\" <a@b>", "a@b (Name)", "a@b", or the first member of a group "Team: a@b, c@d;".
MailAddress parseFirstAddress(std::string_view value);

}  // namespace enp::mime
