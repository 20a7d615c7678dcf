#include "enp/http/async_handler.h"

#include <Poco/String.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <exception>

#include "enp/common/log.h"

namespace enp::http {

void runAsyncHandler(AsyncHandler& handler, RawRequest request, AsyncHandler::Answer answer) {
  auto answered = std::make_shared<std::atomic<bool>>(false);
  AsyncHandler::Answer once = [answered, answer = std::move(answer)](RawResponse response) {
    if (!answered->exchange(true)) {
      answer(std::move(response));
    }
  };
  try {
    handler.handle(std::move(request), once);
    return;
  } catch (const std::exception& e) {
    log::get(log::Id::kHttp).error("request handler failed: {}", e.what());
  }
  RawResponse failed = answerOf(500, "application/json", "{\"error\":\"internal error\"}");
  failed.keepAlive = false;
  once(std::move(failed));
}

std::string_view headerOf(const RawRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (std::equal(key.begin(), key.end(), name.begin(), name.end(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return value;
    }
  }
  return {};
}

std::string mediaTypeOf(const RawRequest& request) {
  std::string type(headerOf(request, "Content-Type"));
  const size_t semi = type.find(';');
  if (semi != std::string::npos) {
    type.resize(semi);
  }
  return Poco::toLower(Poco::trim(type));
}

RawResponse answerOf(int status, std::string contentType, std::string body) {
  RawResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", std::move(contentType));
  r.body = std::move(body);
  return r;
}

}  // namespace enp::http
