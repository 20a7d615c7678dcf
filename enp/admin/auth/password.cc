#include "enp/admin/auth/password.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/StringTokenizer.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <mutex>
#include <sstream>
#include <vector>

#include "enp/common/secrets.h"

namespace enp::admin {
namespace {

constexpr size_t kSaltBytes = 16;
constexpr size_t kKeyBytes = 32;
constexpr uint64_t kMaxMemory = uint64_t{1} << 30;

std::mutex& kdfMutex() {
  static std::mutex m;
  return m;
}

std::string encode(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder enc(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  enc.rdbuf()->setLineLength(0);
  enc << bytes;
  enc.close();
  return out.str();
}

bool decode(const std::string& text, std::string* out) {
  try {
    std::istringstream in(text);
    Poco::Base64Decoder dec(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    out->assign(std::istreambuf_iterator<char>(dec), {});
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

bool derive(const std::string& password, const std::string& salt, const ScryptParams& p,
            std::string* key) {
  std::vector<unsigned char> out(kKeyBytes);
  std::lock_guard<std::mutex> lock(kdfMutex());
  if (EVP_PBE_scrypt(password.data(), password.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), p.n, p.r,
                     p.p, kMaxMemory, out.data(), out.size()) != 1) {
    return false;
  }
  key->assign(out.begin(), out.end());
  return true;
}

bool parseNumber(const std::string& s, uint64_t* out) {
  if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  *out = std::stoull(s);
  return true;
}

}  // namespace

std::string hashPassword(const std::string& password, const ScryptParams& params) {
  std::string salt(kSaltBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) !=
      1) {
    return "";
  }
  std::string key;
  if (!derive(password, salt, params, &key)) {
    return "";
  }
  return "scrypt$" + std::to_string(params.n) + "$" + std::to_string(params.r) + "$" +
         std::to_string(params.p) + "$" + encode(salt) + "$" + encode(key);
}

bool verifyPassword(const std::string& password, const std::string& encoded) {
  Poco::StringTokenizer parts(encoded, "$");
  ScryptParams p;
  std::string salt, expected, actual;
  if (parts.count() != 6 || parts[0] != "scrypt" || !parseNumber(parts[1], &p.n) ||
      !parseNumber(parts[2], &p.r) || !parseNumber(parts[3], &p.p) || p.n < 2 ||
      (p.n & (p.n - 1)) != 0 || p.r == 0 || p.p == 0 || !decode(parts[4], &salt) ||
      !decode(parts[5], &expected) || expected.size() != kKeyBytes) {
    return false;
  }
  if (!derive(password, salt, p, &actual)) {
    return false;
  }
  return constantTimeEquals(actual, expected);
}

std::string checkPasswordRules(const std::string& password) {
  if (password.size() < kMinPasswordLength) {
    return "password: at least " + std::to_string(kMinPasswordLength) + " characters";
  }
  if (password.size() > 1024) {
    return "password: at most 1024 characters";
  }
  return "";
}

}  // namespace enp::admin
