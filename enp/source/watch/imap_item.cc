#include "enp/source/watch/imap_item.h"

#include <charconv>

namespace enp {
namespace {

bool readNumber(std::string_view text, uint32_t* out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::string imapItemId(uint32_t uidValidity, uint32_t uid) {
  return "imap:" + std::to_string(uidValidity) + ":" + std::to_string(uid);
}

std::optional<ImapItemRef> parseImapItemId(const std::string& itemId) {
  std::string_view rest(itemId);
  if (rest.substr(0, 5) != "imap:") {
    return std::nullopt;
  }
  rest.remove_prefix(5);
  const size_t colon = rest.find(':');
  ImapItemRef ref;
  if (colon == std::string_view::npos || !readNumber(rest.substr(0, colon), &ref.uidValidity) ||
      !readNumber(rest.substr(colon + 1), &ref.uid)) {
    return std::nullopt;
  }
  return ref;
}

Mail toMail(const imap::ImapMessage& message, uint32_t uidValidity) {
  Mail mail;
  mail.itemId = imapItemId(uidValidity, message.uid);
  mail.senderName = message.meta.fromName;
  mail.senderAddress = message.meta.fromAddress;
  mail.subject = message.meta.subject;
  mail.snippetSource = message.meta.snippet;
  mail.received = message.received.empty() ? message.meta.date : message.received;
  mail.itemClass = "IPM.Note";
  return mail;
}

std::string pop3ItemId(const std::string& uidl) { return "pop3:" + uidl; }

std::optional<std::string> parsePop3ItemId(const std::string& itemId) {
  if (itemId.rfind("pop3:", 0) != 0 || itemId.size() == 5) {
    return std::nullopt;
  }
  return itemId.substr(5);
}

Mail toMail(const imap::Pop3Message& message) {
  Mail mail;
  mail.itemId = pop3ItemId(message.listing.uid);
  mail.senderName = message.meta.fromName;
  mail.senderAddress = message.meta.fromAddress;
  mail.subject = message.meta.subject;
  mail.snippetSource = message.meta.snippet;
  mail.received = message.meta.date;
  mail.itemClass = "IPM.Note";
  return mail;
}

}  // namespace enp
