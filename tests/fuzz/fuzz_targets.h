#pragma once

// The parsers of untrusted input, as fuzz entry points. Each must return (never crash, hang or
// leak) for any bytes. Used by the libFuzzer targets (ENP_BUILD_FUZZ, clang) and by
// mutation_test.cc, which runs the same entry points over mutated real messages in every build.

#include <cstddef>
#include <cstdint>

namespace fuzz {

void sendNotification(const uint8_t* data, size_t size);
void getItemResponse(const uint8_t* data, size_t size);
void registrationBody(const uint8_t* data, size_t size);
void settingsDocument(const uint8_t* data, size_t size);
// IMAP and POP3 (imap_fuzz_targets.cc): server answers, mails, POP3 replies.
void imapResponses(const uint8_t* data, size_t size);
void mimeMessage(const uint8_t* data, size_t size);
void pop3Replies(const uint8_t* data, size_t size);

}  // namespace fuzz
