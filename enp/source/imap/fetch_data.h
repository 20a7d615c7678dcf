#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "enp/common/status.h"
#include "enp/source/imap/response.h"

// The FETCH data items ENP reads (RFC 3501 §7.4.2): UID, FLAGS, INTERNALDATE, ENVELOPE,
// BODYSTRUCTURE and BODY[section]<origin>. Strings are as the server sent them (encoded words
// are decoded later, when a message is assembled). Pure functions; thread-safe.
namespace enp::imap {

/// An ENVELOPE address: (name adl mailbox host).
struct Address {
  std::string name;
  std::string mailbox;
  std::string host;

  /// "mailbox@host", or the mailbox alone when there is no host.
  std::string email() const { return host.empty() ? mailbox : mailbox + "@" + host; }
};

struct Envelope {
  std::string date;
  std::string subject;
  std::vector<Address> from;
  std::vector<Address> sender;
  std::string messageId;
};

/// One node of a BODYSTRUCTURE: a leaf part or a multipart with children. Extension data
/// beyond the disposition is tolerated and ignored.
struct BodyPart {
  std::string type;                           ///< Lower-case: "text", "multipart", "image", ...
  std::string subtype;                        ///< Lower-case: "plain", "html", "alternative", ...
  std::map<std::string, std::string> params;  ///< Lower-case names: "charset", "boundary".
  std::string encoding;                       ///< Lower-case Content-Transfer-Encoding.
  uint64_t size = 0;
  std::string disposition;  ///< Lower-case: "attachment", "inline" or "".
  std::string section;      ///< The part's BODY[section] ("1", "1.2"); "" for a multipart root.
  std::vector<BodyPart> parts;

  bool isMultipart() const { return type == "multipart"; }
};

/// The items of one "* n FETCH (...)" response; absent items stay empty.
struct FetchData {
  uint32_t sequence = 0;
  std::optional<uint32_t> uid;
  std::optional<std::vector<std::string>> flags;
  std::optional<std::string> internalDate;
  std::optional<Envelope> envelope;
  std::optional<BodyPart> body;
  /// BODY[section] contents by section ("1.2", "TEXT"); the origin is dropped.
  std::map<std::string, std::string> sections;

  bool hasFlag(std::string_view flag) const;
};

/// Reads a FETCH response's items. Fails (kProtocol) on items that do not have their grammar's
/// shape; unknown items are skipped. Lists nest at most as deep as the parser allowed.
Result<FetchData> parseFetch(const Response& response);

/// Reads a BODYSTRUCTURE (or BODY) value; `section` is the part number of this node ("" at the
/// root).
Result<BodyPart> parseBodyStructure(const Value& value, const std::string& section = "");

/// The part a snippet is read from: the first text/plain leaf that is not an attachment, else
/// the first such text/html leaf; parts inside attached messages (message/rfc822) are not
/// searched. nullptr when there is none.
const BodyPart* findTextPart(const BodyPart& root);

}  // namespace enp::imap
