#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "enp/source/mime/header_fields.h"
#include "enp/source/mime/message_meta.h"

// The text of a mail for a notification: which part to read, decoded to UTF-8 and reduced to a
// snippet with the rules ENP applies to every mail system (enp/sink/snippet.h). Pure functions;
// thread-safe.
namespace enp::mime {

/// The bytes of a body part (possibly cut short) decoded: transfer encoding, then charset to
/// UTF-8 (invalid bytes replaced).
std::string decodePartText(std::string_view raw, std::string_view transferEncoding,
                           std::string_view charset);

/// A snippet of at most `maxChars` code points from decoded text: HTML stripped when `html`,
/// whitespace collapsed, cut on a character boundary (makeSnippet / makeCleanLine).
std::string snippetOf(std::string_view text, bool html, size_t maxChars);

/// From, Subject and Date of a header block, decoded (From's display name and Subject with
/// RFC 2047, the Date as RFC 3339 UTC). The snippet is left empty.
MessageMeta metaFromHeaders(const Headers& headers);

/// The metadata and snippet of a raw message that may be cut short (POP3 TOP n N): the first
/// text/plain part that is not an attachment, else the first text/html part, searched through
/// nested multiparts (at most 8 levels); its transfer encoding and charset decoded. A cut-off
/// last part is used as far as it goes.
MessageMeta summarizeMessage(std::string_view raw, size_t snippetChars);

}  // namespace enp::mime
