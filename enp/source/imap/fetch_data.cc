#include "enp/source/imap/fetch_data.h"

#include <utility>

#include "enp/source/imap/mailbox_error.h"

namespace enp::imap {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

Status malformed(const std::string& what) {
  return mailboxError(MailboxErrorKind::kProtocol, "malformed " + what + " in a FETCH response");
}

std::vector<Address> addresses(const Value& v) {
  std::vector<Address> out;
  if (!v.isList()) {
    return out;
  }
  for (const Value& a : v.items) {
    if (!a.isList()) {
      continue;
    }
    // Group syntax (RFC 3501 §7.4.2): a NIL host marks a group's start or end.
    if (a.at(3).isNil()) {
      continue;
    }
    out.push_back(
        {std::string(a.at(0).str()), std::string(a.at(2).str()), std::string(a.at(3).str())});
  }
  return out;
}

Result<Envelope> parseEnvelope(const Value& v) {
  if (!v.isList() || v.items.size() < 10) {
    return malformed("ENVELOPE");
  }
  Envelope e;
  e.date = v.at(0).str();
  e.subject = v.at(1).str();
  e.from = addresses(v.at(2));
  e.sender = addresses(v.at(3));
  e.messageId = v.at(9).str();
  return e;
}

std::map<std::string, std::string> params(const Value& v) {
  std::map<std::string, std::string> out;
  if (!v.isList()) {
    return out;
  }
  for (size_t i = 0; i + 1 < v.items.size(); i += 2) {
    out.emplace(lower(v.items[i].str()), std::string(v.items[i + 1].str()));
  }
  return out;
}

std::string disposition(const Value& v) { return v.isList() ? lower(v.at(0).str()) : ""; }

std::string childSection(const std::string& parent, size_t index) {
  const std::string n = std::to_string(index + 1);
  return parent.empty() ? n : parent + "." + n;
}

const BodyPart* findLeaf(const BodyPart& part, std::string_view subtype) {
  if (part.disposition == "attachment") {
    return nullptr;
  }
  if (part.isMultipart()) {
    for (const BodyPart& child : part.parts) {
      if (const BodyPart* found = findLeaf(child, subtype)) {
        return found;
      }
    }
    return nullptr;
  }
  return part.type == "text" && part.subtype == subtype ? &part : nullptr;
}

}  // namespace

bool FetchData::hasFlag(std::string_view flag) const {
  if (!flags) {
    return false;
  }
  const std::string wanted = lower(flag);
  for (const std::string& f : *flags) {
    if (lower(f) == wanted) {
      return true;
    }
  }
  return false;
}

Result<BodyPart> parseBodyStructure(const Value& v, const std::string& section) {
  if (!v.isList() || v.items.empty()) {
    return malformed("BODYSTRUCTURE");
  }
  BodyPart part;
  if (v.items[0].isList()) {
    part.type = "multipart";
    size_t i = 0;
    for (; i < v.items.size() && v.items[i].isList(); ++i) {
      Result<BodyPart> child = parseBodyStructure(v.items[i], childSection(section, i));
      if (!child.ok()) {
        return child.error();
      }
      part.parts.push_back(std::move(child).value());
    }
    part.subtype = lower(v.at(i).str());
    part.params = params(v.at(i + 1));
    part.disposition = disposition(v.at(i + 2));
    part.section = section;
    return part;
  }
  if (v.items.size() < 7) {
    return malformed("BODYSTRUCTURE part");
  }
  part.type = lower(v.at(0).str());
  part.subtype = lower(v.at(1).str());
  part.params = params(v.at(2));
  part.encoding = lower(v.at(5).str());
  part.size = v.at(6).number().value_or(0);
  // A leaf's section is its number; a single-part message's only part is "1".
  part.section = section.empty() ? "1" : section;
  // Extension data: after the lines count for text, after envelope, body and lines for
  // message/rfc822; then md5 and the disposition.
  size_t ext = 7;
  if (part.type == "text") {
    ext = 8;
  } else if (part.type == "message" && part.subtype == "rfc822") {
    ext = 10;
  }
  part.disposition = disposition(v.at(ext + 1));
  return part;
}

const BodyPart* findTextPart(const BodyPart& root) {
  if (const BodyPart* plain = findLeaf(root, "plain")) {
    return plain;
  }
  return findLeaf(root, "html");
}

Result<FetchData> parseFetch(const Response& response) {
  if (response.keyword != "FETCH" || !response.number || response.data.size() != 1 ||
      !response.data[0].isList()) {
    return malformed("FETCH");
  }
  FetchData out;
  out.sequence = *response.number;
  const std::vector<Value>& items = response.data[0].items;
  for (size_t i = 0; i + 1 < items.size(); i += 2) {
    const std::string name = upper(items[i].str());
    const Value& value = items[i + 1];
    if (name == "UID") {
      out.uid = value.number32();
      if (!out.uid) {
        return malformed("UID");
      }
    } else if (name == "FLAGS") {
      if (!value.isList()) {
        return malformed("FLAGS");
      }
      std::vector<std::string> flags;
      for (const Value& f : value.items) {
        flags.emplace_back(f.str());
      }
      out.flags = std::move(flags);
    } else if (name == "INTERNALDATE") {
      out.internalDate = std::string(value.str());
    } else if (name == "ENVELOPE") {
      Result<Envelope> e = parseEnvelope(value);
      if (!e.ok()) {
        return e.error();
      }
      out.envelope = std::move(e).value();
    } else if (name == "BODYSTRUCTURE" || name == "BODY") {
      Result<BodyPart> b = parseBodyStructure(value);
      if (!b.ok()) {
        return b.error();
      }
      out.body = std::move(b).value();
    } else if (name.starts_with("BODY[")) {
      const size_t close = name.find(']');
      out.sections[name.substr(5, close - 5)] = std::string(value.str());
    }
  }
  if (items.size() % 2 != 0) {
    return malformed("item list");
  }
  return out;
}

}  // namespace enp::imap
