#pragma once

#include <string>
#include <string_view>

namespace enp {

/// Why CNS refused a request, as far as its answer says, for the console and the logs.
struct CnsRefusal {
  /// CNS's own words, from its error fields only (never the rest of the body): printable, one
  /// line, at most kMaxCnsReason bytes; "" when the answer gave none.
  std::string reason;
  /// The setting the refusal points at: "token", "audience", "keyId", "algorithm" (the
  /// algorithm and its key), "organizationId", "url" or "clock" (this server's time, which the
  /// token's iat and exp carry); "" when it cannot be told.
  std::string setting;
};

inline constexpr size_t kMaxCnsReason = 200;

/// Reads a refusal (a 4xx/5xx answer). The reason is taken from, in order: a JSON body's
/// `error_description`, `message`, `detail`, `title` and `error` (OAuth 2.0, RFC 7807 problem
/// details and the usual error objects), then the `WWW-Authenticate` header's
/// `error_description`/`error` (RFC 6750), then a text/plain body's first line.
CnsRefusal readCnsRefusal(long status, std::string_view contentType, std::string_view body,
                          std::string_view wwwAuthenticate);

/// The label an administrator sees for readCnsRefusal's `setting` ("Bearer token", …).
std::string cnsSettingLabel(std::string_view setting);

}  // namespace enp
