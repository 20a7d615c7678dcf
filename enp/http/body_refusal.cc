#include "enp/http/body_refusal.h"

namespace enp::http {

std::optional<BodyRefusal> bodyRefusal(const RawRequest& request, size_t maxBodyBytes,
                                       std::chrono::milliseconds requestTimeout) {
  switch (request.bodyState) {
    case BufferedRequest::Body::kTooLarge:
      return BodyRefusal{413, "too_large",
                         "body larger than " + std::to_string(maxBodyBytes) + " bytes"};
    case BufferedRequest::Body::kTooSlow:
      return BodyRefusal{
          408, "too_slow",
          "body not received within " + std::to_string(requestTimeout.count()) + " ms"};
    case BufferedRequest::Body::kComplete:
      break;
  }
  return std::nullopt;
}

}  // namespace enp::http
