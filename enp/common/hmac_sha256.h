#pragma once

#include <string>
#include <string_view>

struct evp_mac_ctx_st;

namespace enp {

/// HMAC-SHA256 under one key for many messages. OpenSSL's one-shot call (EVP_Q_mac) looks the
/// algorithm and the digest up in its providers and hashes the key again on every call: most
/// of its cost for a message of a few hundred bytes. Here that is done once; each mac() works
/// on a copy of the keyed state, so one object may be used from several threads at once.
class HmacSha256 {
 public:
  /// Throws std::runtime_error when OpenSSL cannot set up HMAC-SHA256.
  explicit HmacSha256(std::string_view key);
  ~HmacSha256();
  HmacSha256(const HmacSha256&) = delete;
  HmacSha256& operator=(const HmacSha256&) = delete;

  /// The 32 bytes of the MAC of `message`; throws std::runtime_error when OpenSSL fails.
  std::string mac(std::string_view message) const;

 private:
  evp_mac_ctx_st* keyed_;  // initialised with the key and never changed after
};

}  // namespace enp
