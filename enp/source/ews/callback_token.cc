#include "enp/source/ews/callback_token.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "enp/common/secrets.h"

namespace enp {

std::string ewsCallbackToken(std::string_view key, const std::string& registrationId) {
  const std::string input = "ews:" + registrationId;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
  return base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac), length));
}

}  // namespace enp
