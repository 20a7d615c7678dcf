#include "jws_check.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace enp::testing {
namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

PkeyPtr readPrivateKey(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  return PkeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
}

bool verifySha256(const std::string& pem, const std::string& input, const std::string& sig) {
  PkeyPtr key = readPrivateKey(pem);
  if (!key) {
    return false;
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}

std::string writePem(EVP_PKEY* key, bool traditional, const std::string& passphrase) {
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  int ok = 0;
  if (traditional) {
    ok =
        PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  } else if (!passphrase.empty()) {
    ok = PEM_write_bio_PKCS8PrivateKey(bio.get(), key, EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                       const_cast<char*>(passphrase.c_str()));
  } else {
    ok = PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  }
  if (ok != 1) {
    throw std::runtime_error("PEM_write failed");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace

std::string base64UrlDecode(std::string_view text) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '-') {
      v = 62;
    } else if (c == '_') {
      v = 63;
    } else {
      throw std::invalid_argument("not base64url");
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

JwsParts splitJws(std::string_view jws) {
  const size_t first = jws.find('.');
  const size_t second = first == std::string_view::npos ? first : jws.find('.', first + 1);
  if (second == std::string_view::npos || jws.find('.', second + 1) != std::string_view::npos) {
    throw std::invalid_argument("not a compact JWS");
  }
  JwsParts parts;
  parts.signingInput = std::string(jws.substr(0, second));
  parts.header = base64UrlDecode(jws.substr(0, first));
  parts.payload = base64UrlDecode(jws.substr(first + 1, second - first - 1));
  parts.signature = base64UrlDecode(jws.substr(second + 1));
  return parts;
}

bool verifyHs256(const JwsParts& jws, const std::string& secret) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(jws.signingInput.data()), jws.signingInput.size(),
       mac, &length);
  return jws.signature == std::string(reinterpret_cast<const char*>(mac), length);
}

bool verifyRs256(const JwsParts& jws, const std::string& pem) {
  return verifySha256(pem, jws.signingInput, jws.signature);
}

bool verifyEs256(const JwsParts& jws, const std::string& pem) {
  if (jws.signature.size() != 64) {
    return false;
  }
  const auto* raw = reinterpret_cast<const unsigned char*>(jws.signature.data());
  ECDSA_SIG* sig = ECDSA_SIG_new();
  ECDSA_SIG_set0(sig, BN_bin2bn(raw, 32, nullptr), BN_bin2bn(raw + 32, 32, nullptr));
  unsigned char* der = nullptr;
  const int derLength = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (derLength <= 0) {
    return false;
  }
  const std::string derSig(reinterpret_cast<const char*>(der), static_cast<size_t>(derLength));
  OPENSSL_free(der);
  return verifySha256(pem, jws.signingInput, derSig);
}

std::string makeRsaPem(int bits, bool traditional, const std::string& passphrase) {
  PkeyPtr key(EVP_RSA_gen(static_cast<unsigned int>(bits)), &EVP_PKEY_free);
  if (!key) {
    throw std::runtime_error("EVP_RSA_gen failed");
  }
  return writePem(key.get(), traditional, passphrase);
}

std::string makeEcPem(const char* curve, bool traditional) {
  PkeyPtr key(EVP_EC_gen(curve), &EVP_PKEY_free);
  if (!key) {
    throw std::runtime_error("EVP_EC_gen failed");
  }
  return writePem(key.get(), traditional, "");
}

}  // namespace enp::testing
