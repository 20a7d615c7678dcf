#include "enp/sink/jti.h"

#include "Poco/DigestEngine.h"
#include "Poco/SHA2Engine.h"

namespace enp {
namespace {

constexpr size_t kJtiHexChars = 32;

// "<length>:<bytes>" so that no choice of field contents can make two tuples encode alike.
void updateField(Poco::SHA2Engine& engine, const std::string& field) {
  const std::string prefix = std::to_string(field.size()) + ":";
  engine.update(prefix);
  engine.update(field);
}

std::string lowerAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return text;
}

}  // namespace

std::string makeJti(const std::string& mailbox, const std::string& itemId,
                    const std::string& deviceToken) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(std::string("enp-jti-v1\n"));
  updateField(engine, lowerAscii(mailbox));
  updateField(engine, itemId);
  updateField(engine, deviceToken);
  return Poco::DigestEngine::digestToHex(engine.digest()).substr(0, kJtiHexChars);
}

}  // namespace enp
