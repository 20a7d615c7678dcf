#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <chrono>
#include <cstddef>
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

/// Sends the whole answer and flushes it: it is on its way to the client when this returns.
void send(Poco::Net::HTTPServerResponse& resp, int status, const std::string& contentType,
          const std::string& body);
/// Always valid JSON: bytes that are not UTF-8 in a value become U+FFFD.
void sendJson(Poco::Net::HTTPServerResponse& resp, int status, const Poco::JSON::Object& body);
/// {"error": message} (and "field" when the message names one).
void sendError(Poco::Net::HTTPServerResponse& resp, int status, const std::string& message);

/// After an answer: a body the handler left unread (it answered 401, 404, 415 ... without
/// needing it) would be parsed as the next request on a keep-alive connection, and closing with
/// it unread resets the connection. So what is left is read and discarded when it is at most
/// maxBytes, else the connection ends with lingeringClose(). Answers 413 and 408 end it with
/// lingeringClose() already and are left alone.
void discardUnreadBody(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp,
                       size_t maxBytes);

/// How long, and how much, lingeringClose() reads after the answer.
inline constexpr std::chrono::milliseconds kLingerTime{2000};
inline constexpr size_t kLingerBytes = 16 * 1024 * 1024;

/// Ends the connection after an answer sent (with send() or one of its callers) to a request
/// whose body is left unread: 413 (too large), 408 (too slow). Closing at once, with the client's
/// bytes unread in the socket, makes the kernel reset the connection, and a client that writes
/// its whole body before it reads (Python's urllib, many HTTP stacks) then sees the reset instead
/// of the answer. So, as nginx's lingering close: no keep-alive; the write side is shut down
/// (plain HTTP: the client reads the answer and then end-of-file; TLS has no half close), then
/// what the client still sends is read and discarded until it closes its side, at most
/// kLingerBytes for at most kLingerTime; then the connection closes. Holds the handler's thread
/// for that time at most. Never throws.
void lingeringClose(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp);

}  // namespace enp::http
