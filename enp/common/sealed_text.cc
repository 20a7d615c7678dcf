#include "enp/common/sealed_text.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <memory>

#include "enp/common/secrets.h"

namespace enp {
namespace {

constexpr std::string_view kPrefix = "v1.";
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string seal(std::string_view key, std::string_view plaintext, std::string_view context) {
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* buf = reinterpret_cast<unsigned char*>(out.data());
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int length = 0;
  if (key.size() != 32 || RAND_bytes(buf, kNonceBytes) != 1 || !ctx ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), buf) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(context),
                        static_cast<int>(context.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), buf + kNonceBytes, &length, bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), buf + kNonceBytes + length, &length) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          buf + kNonceBytes + plaintext.size()) != 1) {
    std::abort();  // A 32-byte key and OpenSSL's AES-GCM cannot fail: a bug if they do.
  }
  return std::string(kPrefix) + base64UrlEncode(out);
}

Result<std::string> unseal(std::string_view key, std::string_view sealed,
                           std::string_view context) {
  if (sealed.substr(0, kPrefix.size()) != kPrefix) {
    return Status::invalid("not an encrypted value (no v1. prefix)");
  }
  const std::optional<std::string> raw = base64UrlDecode(sealed.substr(kPrefix.size()));
  if (!raw || raw->size() < static_cast<size_t>(kNonceBytes + kTagBytes) || key.size() != 32) {
    return Status::invalid("not an encrypted value (malformed)");
  }
  const size_t textBytes = raw->size() - kNonceBytes - kTagBytes;
  std::string out(textBytes, '\0');
  const auto* in = bytes(*raw);
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int length = 0;
  std::string tag = raw->substr(kNonceBytes + textBytes);
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), in) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(context),
                        static_cast<int>(context.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length,
                        in + kNonceBytes, static_cast<int>(textBytes)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + length,
                          &length) != 1) {
    return Status::invalid(
        "the encrypted value does not open with this installation's data key (enp.key from "
        "another installation, or a changed value)");
  }
  return out;
}

}  // namespace enp
