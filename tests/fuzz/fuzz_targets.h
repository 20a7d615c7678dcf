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

}  // namespace fuzz
