#include "jws_signer.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <memory>
#include <stdexcept>
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

std::string derToJose(const std::vector<unsigned char>& der) {
  const unsigned char* p = der.data();
  Owned<ECDSA_SIG> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) {
    throw std::runtime_error("ES256: cannot parse the DER signature");
  }
  std::string out(64, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), bytes, 32) != 32 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), bytes + 32, 32) != 32) {
    throw std::runtime_error("ES256: R or S does not fit 32 bytes");
  }
  return out;
}

}  // namespace

std::string signJws(JwsAlgorithm algorithm, const std::string& key, std::string_view headerJson,
                    std::string_view claimsJson, EcSignatureForm ecForm) {
  const std::string input = base64UrlEncode(headerJson) + "." + base64UrlEncode(claimsJson);
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  std::string signature;
  if (algorithm == JwsAlgorithm::kHS256) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data, input.size(), mac,
              &len)) {
      throw std::runtime_error("HS256: HMAC failed");
    }
    signature.assign(reinterpret_cast<char*>(mac), len);
  } else {
    Owned<BIO> bio(BIO_new_mem_buf(key.data(), static_cast<int>(key.size())));
    Owned<EVP_PKEY> pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    size_t len = 0;
    if (!pkey || !ctx ||
        EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &len, data, input.size()) != 1) {
      throw std::runtime_error("signJws: cannot sign with the given private key");
    }
    std::vector<unsigned char> raw(len);
    if (EVP_DigestSign(ctx.get(), raw.data(), &len, data, input.size()) != 1) {
      throw std::runtime_error("signJws: signing failed");
    }
    raw.resize(len);
    if (algorithm == JwsAlgorithm::kES256 && ecForm == EcSignatureForm::kJose) {
      signature = derToJose(raw);
    } else {
      signature.assign(raw.begin(), raw.end());
    }
  }
  return input + "." + base64UrlEncode(signature);
}

}  // namespace testsupport
