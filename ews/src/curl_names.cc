#include "curl_names.h"

#include <array>
#include <utility>

namespace ews {
namespace {

// libcurl's stable CURLcode numbers (curl.h; numbers never change between releases).
constexpr std::array<std::pair<int, const char*>, 22> kNames = {{
    {1, "CURLE_UNSUPPORTED_PROTOCOL"},
    {2, "CURLE_FAILED_INIT"},
    {3, "CURLE_URL_MALFORMAT"},
    {5, "CURLE_COULDNT_RESOLVE_PROXY"},
    {6, "CURLE_COULDNT_RESOLVE_HOST"},
    {7, "CURLE_COULDNT_CONNECT"},
    {8, "CURLE_WEIRD_SERVER_REPLY"},
    {18, "CURLE_PARTIAL_FILE"},
    {23, "CURLE_WRITE_ERROR"},
    {27, "CURLE_OUT_OF_MEMORY"},
    {28, "CURLE_OPERATION_TIMEDOUT"},
    {35, "CURLE_SSL_CONNECT_ERROR"},
    {43, "CURLE_BAD_FUNCTION_ARGUMENT"},
    {47, "CURLE_TOO_MANY_REDIRECTS"},
    {48, "CURLE_UNKNOWN_OPTION"},
    {52, "CURLE_GOT_NOTHING"},
    {55, "CURLE_SEND_ERROR"},
    {56, "CURLE_RECV_ERROR"},
    {58, "CURLE_SSL_CERTPROBLEM"},
    {60, "CURLE_PEER_FAILED_VERIFICATION"},
    {77, "CURLE_SSL_CACERT_BADFILE"},
    {94, "CURLE_AUTH_ERROR"},
}};

}  // namespace

std::string curlCodeName(int code) {
  for (const auto& [number, name] : kNames) {
    if (number == code) {
      return name;
    }
  }
  return "CURLE_" + std::to_string(code);
}

}  // namespace ews
