#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <chrono>
#include <string>

namespace enp::http {

enum class BodyStatus { kOk, kTooLarge, kTooSlow, kReadError };

/// Reads the request body, refusing more than maxBytes (by Content-Length before reading, or
/// while reading a chunked body) so an oversized request costs no memory, and giving up when
/// the whole body takes longer than maxTime (a client trickling bytes keeps no thread for long;
/// one that stops sending is cut by the socket timeout, also kTooSlow).
BodyStatus readBody(Poco::Net::HTTPServerRequest& req, size_t maxBytes, std::string* out,
                    std::chrono::milliseconds maxTime = std::chrono::seconds(30));

/// The media type of Content-Type, lower-case, without parameters ("" when absent).
std::string mediaType(const Poco::Net::HTTPServerRequest& req);

/// The token of "Authorization: Bearer <token>" ("" when absent or another scheme).
std::string bearerToken(const Poco::Net::HTTPServerRequest& req);

void send(Poco::Net::HTTPServerResponse& resp, int status, const std::string& contentType,
          const std::string& body);
/// Always valid JSON: bytes that are not UTF-8 in a value become U+FFFD.
void sendJson(Poco::Net::HTTPServerResponse& resp, int status, const Poco::JSON::Object& body);
/// {"error": message} (and "field" when the message names one).
void sendError(Poco::Net::HTTPServerResponse& resp, int status, const std::string& message);

}  // namespace enp::http
