// Fuzz entry points for the IMAP and POP3 sources (declared in fuzz_targets.h).
#include <chrono>
#include <string_view>

#include "enp/source/imap/fetch_data.h"
#include "enp/source/imap/imap_session.h"
#include "enp/source/imap/message_assembly.h"
#include "enp/source/imap/pop3_reply.h"
#include "enp/source/imap/response_reader.h"
#include "enp/source/mime/encoded_words.h"
#include "enp/source/mime/mail_date.h"
#include "enp/source/mime/message_text.h"
#include "fuzz_targets.h"

namespace fuzz {
namespace {

std::string_view view(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace

void imapResponses(const uint8_t* data, size_t size) {
  const std::string_view bytes = view(data, size);
  // The reader and parser, response by response, with FETCH data assembled into messages.
  enp::imap::ResponseReader reader;
  reader.feed(bytes);
  while (true) {
    auto next = reader.next();
    if (!next.ok() || !next->has_value()) {
      break;
    }
    if ((*next)->keyword == "FETCH") {
      auto fetch = enp::imap::parseFetch(**next);
      if (fetch.ok()) {
        (void)enp::imap::assembleMessage(*fetch, 140);
      }
    }
  }
  // The session fed the same bytes as a server's answers, in two pieces, over time.
  enp::imap::SessionOptions options;
  options.user = "u";
  options.password = "p";
  enp::imap::Session session(options);
  const auto start = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  session.connected(start);
  session.receive(bytes.substr(0, size / 2), start);
  (void)session.examine(start);
  (void)session.fetchNewSince(1, start);
  session.receive(bytes.substr(size / 2), start);
  (void)session.startIdle(start);
  session.tick(start + std::chrono::minutes(30));
  (void)session.takeOutput();
  while (session.nextEvent()) {
  }
}

void mimeMessage(const uint8_t* data, size_t size) {
  const std::string_view text = view(data, size);
  (void)enp::mime::summarizeMessage(text, 140);
  (void)enp::mime::decodeEncodedWords(text.substr(0, 4096));
  (void)enp::mime::parseMailDate(text.substr(0, 256)).ok();
}

void pop3Replies(const uint8_t* data, size_t size) {
  enp::imap::Pop3ReplyReader reader;
  reader.feed(view(data, size));
  for (int i = 0; i < 64; ++i) {
    auto next = reader.next(i % 2 == 1);
    if (!next.ok() || !next->has_value()) {
      break;
    }
  }
}

}  // namespace fuzz
