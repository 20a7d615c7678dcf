#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "enp/source/imap/imap_message.h"
#include "enp/source/imap/pop3_client.h"
#include "enp/source/mail.h"

namespace enp {

/// The queue's item id of an IMAP mail: "imap:<UIDVALIDITY>:<UID>", so that the queue's
/// (registration, item) dedup is on registration + UIDVALIDITY + UID.
std::string imapItemId(uint32_t uidValidity, uint32_t uid);

struct ImapItemRef {
  uint32_t uidValidity = 0;
  uint32_t uid = 0;
};
/// The inverse of imapItemId(); nullopt for another form.
std::optional<ImapItemRef> parseImapItemId(const std::string& itemId);

/// The Mail the pipeline reads (sender, subject, snippet, received) of one IMAP mail.
Mail toMail(const imap::ImapMessage& message, uint32_t uidValidity);

/// The queue's item id of a POP3 mail: "pop3:<UIDL>".
std::string pop3ItemId(const std::string& uidl);
/// The UIDL of a pop3ItemId(); nullopt for another form.
std::optional<std::string> parsePop3ItemId(const std::string& itemId);
/// The Mail of one POP3 mail (read with TOP).
Mail toMail(const imap::Pop3Message& message);

}  // namespace enp
