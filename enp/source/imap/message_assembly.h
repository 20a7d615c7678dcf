#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "enp/source/imap/fetch_data.h"
#include "enp/source/imap/imap_message.h"

// From FETCH data to what a notification needs. Pure functions; thread-safe.
namespace enp::imap {

/// The message a FETCH of UID FLAGS INTERNALDATE ENVELOPE BODYSTRUCTURE (and then the text
/// part's BODY[section]) describes: From's first mailbox and the subject with encoded words
/// decoded, dates as RFC 3339 UTC, the snippet from findTextPart()'s part decoded (transfer
/// encoding, charset) and reduced by the snippet rules (HTML stripped).
ImapMessage assembleMessage(const FetchData& data, size_t snippetChars);

/// A UID set for a command: ascending, runs joined ("3:5,9").
std::string uidSet(std::vector<uint32_t> uids);

}  // namespace enp::imap
