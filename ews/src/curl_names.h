#pragma once

#include <string>

namespace ews {

/// "CURLE_OPERATION_TIMEDOUT" for the common libcurl result codes, "CURLE_<n>" otherwise.
/// Takes the numeric code so that only curl_transport.cc needs <curl/curl.h>.
std::string curlCodeName(int code);

}  // namespace ews
