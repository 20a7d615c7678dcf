#include "jws_signature.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <cstring>
#include <memory>
#include <vector>

#include "base64url.h"

namespace testsupport {
namespace {

struct Deleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Deleter>;

Owned<EVP_PKEY> readKey(const std::string& pem) {
  Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) {
    return nullptr;
  }
  if (pem.find("PUBLIC KEY") != std::string::npos) {
    return Owned<EVP_PKEY>(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  }
  return Owned<EVP_PKEY>(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

bool digestVerify(EVP_PKEY* key, std::string_view data, const unsigned char* sig, size_t len) {
  Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), sig, len, reinterpret_cast<const unsigned char*>(data.data()),
                          data.size()) == 1;
}

// JOSE ES256 is the fixed 64-byte R||S; EVP wants a DER ECDSA-Sig-Value.
std::optional<std::vector<unsigned char>> joseToDer(const std::string& sig) {
  Owned<ECDSA_SIG> ecdsa(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(sig.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(sig.data()) + 32, 32, nullptr);
  if (!ecdsa || !r || !s || ECDSA_SIG_set0(ecdsa.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(ecdsa.get(), &der);
  if (len <= 0) {
    return std::nullopt;
  }
  std::vector<unsigned char> out(der, der + len);
  OPENSSL_free(der);
  return out;
}

std::string hmacError(const std::string& secret, std::string_view input, const std::string& sig) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int macLen = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
           &macLen) == nullptr) {
    return "HMAC failed";
  }
  if (sig.size() != macLen || CRYPTO_memcmp(mac, sig.data(), macLen) != 0) {
    return "signature mismatch";
  }
  return {};
}

}  // namespace

const char* toString(JwsAlgorithm algorithm) {
  switch (algorithm) {
    case JwsAlgorithm::kHS256:
      return "HS256";
    case JwsAlgorithm::kRS256:
      return "RS256";
    case JwsAlgorithm::kES256:
      return "ES256";
  }
  return "?";
}

std::optional<JwsParts> splitJws(std::string_view compact) {
  const size_t dot1 = compact.find('.');
  const size_t dot2 = dot1 == std::string_view::npos ? dot1 : compact.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || compact.find('.', dot2 + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  auto header = base64UrlDecode(compact.substr(0, dot1));
  auto payload = base64UrlDecode(compact.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = base64UrlDecode(compact.substr(dot2 + 1));
  if (!header || !payload || !signature) {
    return std::nullopt;
  }
  return JwsParts{std::string(compact.substr(0, dot2)), std::move(*header), std::move(*payload),
                  std::move(*signature)};
}

std::string jwsSignatureError(JwsAlgorithm algorithm, const std::string& key,
                              std::string_view signingInput, const std::string& sig) {
  if (algorithm == JwsAlgorithm::kHS256) {
    return hmacError(key, signingInput, sig);
  }
  Owned<EVP_PKEY> pkey = readKey(key);
  if (!pkey) {
    return "verifier key is not a PEM key";
  }
  if (algorithm == JwsAlgorithm::kRS256) {
    if (EVP_PKEY_get_base_id(pkey.get()) != EVP_PKEY_RSA) {
      return "verifier key is not RSA";
    }
    if (sig.size() != static_cast<size_t>(EVP_PKEY_get_size(pkey.get()))) {
      return "RS256 signature length is not the modulus length";
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(sig.data());
    return digestVerify(pkey.get(), signingInput, bytes, sig.size()) ? "" : "signature mismatch";
  }
  char group[64] = {};
  size_t groupLen = 0;
  if (EVP_PKEY_get_base_id(pkey.get()) != EVP_PKEY_EC ||
      EVP_PKEY_get_group_name(pkey.get(), group, sizeof group, &groupLen) != 1 ||
      std::strcmp(group, "prime256v1") != 0) {
    return "verifier key is not an EC P-256 key";
  }
  if (sig.size() != 64) {
    return "ES256 signature must be 64 bytes R||S, got " + std::to_string(sig.size());
  }
  const auto der = joseToDer(sig);
  if (!der) {
    return "ES256 signature conversion failed";
  }
  return digestVerify(pkey.get(), signingInput, der->data(), der->size()) ? ""
                                                                          : "signature mismatch";
}

bool jwsVerifies(JwsAlgorithm algorithm, const std::string& key, const JwsParts& jws) {
  return jwsSignatureError(algorithm, key, jws.signingInput, jws.signature).empty();
}

}  // namespace testsupport
