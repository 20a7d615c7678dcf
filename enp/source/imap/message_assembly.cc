#include "enp/source/imap/message_assembly.h"

#include <algorithm>

#include "enp/source/mime/encoded_words.h"
#include "enp/source/mime/mail_date.h"
#include "enp/source/mime/message_text.h"

namespace enp::imap {

ImapMessage assembleMessage(const FetchData& data, size_t snippetChars) {
  ImapMessage m;
  m.uid = data.uid.value_or(0);
  m.seen = data.hasFlag("\\Seen");
  if (data.internalDate) {
    Result<std::string> received = mime::parseImapDate(*data.internalDate);
    if (received.ok()) {
      m.received = *received;
    }
  }
  if (data.envelope) {
    const Envelope& e = *data.envelope;
    const std::vector<Address>& from = e.from.empty() ? e.sender : e.from;
    if (!from.empty()) {
      m.meta.fromName = mime::decodeEncodedWords(from.front().name);
      m.meta.fromAddress = mime::decodeEncodedWords(from.front().email());
    }
    m.meta.subject = mime::decodeEncodedWords(e.subject);
    Result<std::string> date = mime::parseMailDate(e.date);
    if (date.ok()) {
      m.meta.date = *date;
    }
  }
  if (data.body) {
    if (const BodyPart* part = findTextPart(*data.body)) {
      const auto section = data.sections.find(part->section);
      if (section != data.sections.end()) {
        const auto charset = part->params.find("charset");
        const std::string text = mime::decodePartText(
            section->second, part->encoding, charset == part->params.end() ? "" : charset->second);
        m.meta.snippet = mime::snippetOf(text, part->subtype == "html", snippetChars);
      }
    }
  }
  return m;
}

std::string uidSet(std::vector<uint32_t> uids) {
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  std::string out;
  size_t i = 0;
  while (i < uids.size()) {
    size_t j = i;
    while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1) {
      ++j;
    }
    if (!out.empty()) {
      out.push_back(',');
    }
    out.append(std::to_string(uids[i]));
    if (j > i) {
      out.append(":").append(std::to_string(uids[j]));
    }
    i = j + 1;
  }
  return out;
}

}  // namespace enp::imap
