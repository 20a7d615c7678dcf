#include "enp/source/mime/message_text.h"

#include <optional>
#include <vector>

#include "enp/sink/snippet.h"
#include "enp/source/mime/charset.h"
#include "enp/source/mime/encoded_words.h"
#include "enp/source/mime/mail_date.h"
#include "enp/source/mime/text_util.h"
#include "enp/source/mime/transfer_encoding.h"

namespace enp::mime {
namespace {

constexpr int kMaxDepth = 8;

struct TextPart {
  std::string_view body;
  std::string encoding;
  std::string charset;
  bool html = false;
};

// The parts of a multipart body delimited by "--boundary" lines (RFC 2046 §5.1.1). The preamble
// is skipped; the last part runs to the close delimiter or to the end of a cut-off body.
std::vector<std::string_view> splitMultipart(std::string_view body, std::string_view boundary) {
  std::vector<std::string_view> parts;
  const std::string delimiter = "--" + std::string(boundary);
  std::optional<size_t> partStart;
  size_t lineStart = 0;
  while (lineStart < body.size()) {
    size_t lineEnd = body.find('\n', lineStart);
    const size_t next = lineEnd == std::string_view::npos ? body.size() : lineEnd + 1;
    std::string_view line = body.substr(lineStart, next - lineStart);
    if (line.starts_with(delimiter)) {
      std::string_view rest = trimSpaces(line.substr(delimiter.size()));
      if (rest.empty() || rest == "--") {
        if (partStart) {
          // The CRLF before the delimiter belongs to it.
          size_t end = lineStart;
          end -= (end > *partStart && body[end - 1] == '\n') ? 1 : 0;
          end -= (end > *partStart && body[end - 1] == '\r') ? 1 : 0;
          parts.push_back(body.substr(*partStart, end - *partStart));
        }
        if (rest == "--") {
          return parts;
        }
        partStart = next;
      }
    }
    lineStart = next;
  }
  if (partStart && *partStart < body.size()) {
    parts.push_back(body.substr(*partStart));
  }
  return parts;
}

// Finds the part to read: `plain` gets the first text/plain, `html` the first text/html.
void findTextParts(const Headers& headers, std::string_view body, int depth,
                   std::optional<TextPart>* plain, std::optional<TextPart>* html) {
  if (depth > kMaxDepth || *plain) {
    return;
  }
  const std::optional<std::string_view> disposition = headers.get("Content-Disposition");
  if (disposition && dispositionType(*disposition) == "attachment") {
    return;
  }
  const ContentType ct = parseContentType(headers.get("Content-Type").value_or(""));
  if (ct.isMultipart()) {
    const std::string boundary = ct.param("boundary");
    if (boundary.empty()) {
      return;
    }
    for (std::string_view part : splitMultipart(body, boundary)) {
      const size_t offset = bodyOffset(part);
      findTextParts(parseHeaders(part), part.substr(offset), depth + 1, plain, html);
      if (*plain) {
        return;
      }
    }
    return;
  }
  if (!ct.isText() || (ct.subtype != "plain" && ct.subtype != "html")) {
    return;
  }
  TextPart part{body, std::string(headers.get("Content-Transfer-Encoding").value_or("")),
                ct.param("charset"), ct.subtype == "html"};
  if (part.html) {
    if (!*html) {
      *html = part;
    }
  } else {
    *plain = part;
  }
}

}  // namespace

std::string decodePartText(std::string_view raw, std::string_view transferEncoding,
                           std::string_view charset) {
  return toUtf8(decodeTransferEncoding(raw, transferEncoding), charset);
}

std::string snippetOf(std::string_view text, bool html, size_t maxChars) {
  return html ? makeSnippet(text, maxChars) : makeCleanLine(text, maxChars);
}

MessageMeta metaFromHeaders(const Headers& headers) {
  MessageMeta meta;
  const MailAddress from = parseFirstAddress(headers.get("From").value_or(""));
  meta.fromName = from.name;
  meta.fromAddress = from.address;
  meta.subject = decodeEncodedWords(headers.get("Subject").value_or(""));
  if (const std::optional<std::string_view> date = headers.get("Date")) {
    Result<std::string> parsed = parseMailDate(*date);
    if (parsed.ok()) {
      meta.date = *parsed;
    }
  }
  return meta;
}

MessageMeta summarizeMessage(std::string_view raw, size_t snippetChars) {
  const Headers headers = parseHeaders(raw);
  MessageMeta meta = metaFromHeaders(headers);
  std::optional<TextPart> plain;
  std::optional<TextPart> html;
  findTextParts(headers, raw.substr(bodyOffset(raw)), 0, &plain, &html);
  const std::optional<TextPart>& chosen = plain ? plain : html;
  if (chosen) {
    meta.snippet = snippetOf(decodePartText(chosen->body, chosen->encoding, chosen->charset),
                             chosen->html, snippetChars);
  }
  return meta;
}

}  // namespace enp::mime
