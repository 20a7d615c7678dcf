#include "enp/sink/jti.h"

#include "enp/common/secrets.h"

namespace enp {
namespace {

constexpr size_t kJtiHexChars = 32;

// "<length>:<bytes>" so that no choice of field contents can make two tuples encode alike.
void appendField(std::string& out, const std::string& field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

}  // namespace

std::string makeJti(const std::string& mailbox, const std::string& itemId,
                    const std::string& deviceToken) {
  std::string input = "enp-jti-v1\n";
  input.reserve(input.size() + mailbox.size() + itemId.size() + deviceToken.size() + 24);
  std::string lower = mailbox;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  appendField(input, lower);
  appendField(input, itemId);
  appendField(input, deviceToken);
  return sha256Hex(input).substr(0, kJtiHexChars);
}

}  // namespace enp
