#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "enp/common/clock.h"
#include "enp/common/status.h"
#include "enp/store/admin_role.h"
#include "enp/store/audit_store.h"

namespace enp::admin {

/// Who may call a route.
enum class Access {
  kPublic,   ///< Anyone (login, /metrics, /healthz).
  kSession,  ///< A console session only (its own password, logout).
  kAny,      ///< A console session or an API token.
};

/// What a caller may do; a route names the least role it needs.
using Role = AdminRole;

/// The authenticated caller of a request.
struct Caller {
  std::string actor;  ///< For the audit log: the user name, or "token:<label>".
  std::string user;   ///< Session user; "" for API tokens.
  std::string sessionId;
  std::string csrfToken;
  bool viaToken = false;
  bool mustChangePassword = false;
  Role role = Role::kHelpdesk;  ///< The user's, or the API token's.
};

/// One admin API request as a handler sees it: the request, path parameters, the caller and
/// helpers for JSON bodies, answers and the audit log. Lives for one request; not thread-safe.
class AdminCall {
 public:
  AdminCall(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp,
            std::map<std::string, std::string> params, Caller caller, AuditStore& audit,
            const Clock& clock, size_t maxBodyBytes);

  Poco::Net::HTTPServerRequest& request() { return req_; }
  Poco::Net::HTTPServerResponse& response() { return resp_; }
  const Caller& caller() const { return caller_; }
  /// A {name} of the route pattern, URL-decoded.
  std::string param(const std::string& name) const;
  /// A query parameter ("" / fallback when absent).
  std::string query(const std::string& name, const std::string& fallback = "") const;
  /// A whole-number query parameter clamped to [lo, hi]; fallback when absent or not a number.
  int queryInt(const std::string& name, int fallback, int lo, int hi) const;
  std::string clientIp() const;
  int64_t nowMs() const { return clock_.nowMs(); }

  /// The body as a JSON object. On failure answers 415 (not application/json), 413 (too large)
  /// or 400 ({"error":"body: expected a JSON object","field":"body"}) and returns null.
  Poco::JSON::Object::Ptr jsonBody();
  /// The body as bytes, of the route's Content-Type `mediaType`. On failure answers 415, 413 or
  /// 408 as jsonBody() does and returns false.
  bool rawBody(const std::string& mediaType, std::string* out);

  void sendJson(int status, const Poco::JSON::Object& body);
  void sendJson(int status, const Poco::JSON::Array& body);
  void sendNoContent();
  /// {"error": message, "field"?}; the field is the path before ": " when the message has one.
  void sendError(int status, const std::string& message);
  /// A failed Status as an answer: kInvalid 400, kNotFound 404, kConflict 409, kUnavailable 503
  /// and kStore 500, each with the message; kInternal as sendInternalError().
  void sendStatus(const Status& status);
  /// What went wrong is logged (with the method and path); the answer is 500 "internal error
  /// (see the log)", as for an exception from a handler. For failures the client cannot act on,
  /// e.g. a store that cannot be read.
  void sendInternalError(const Status& status);
  /// A failed look-up: 404 with `notFound` when the thing is not there, else as
  /// sendInternalError() (it could not be read).
  void sendLookupFailure(const Status& status, const std::string& notFound);

  /// Records a change in the audit log as done by this caller (or by `actor` when given, e.g.
  /// the user name of a login attempt). `details` must hold no secret. False when the entry
  /// could not be written: the call was then answered like sendStatus() with kInternal (unless
  /// an answer was given already) and the handler must not answer again.
  [[nodiscard]] bool audit(const std::string& action, const std::string& target,
                           const Poco::JSON::Object& details = Poco::JSON::Object(),
                           const std::string& actor = "");
  bool audited() const { return audited_; }
  int status() const { return status_; }

 private:
  Poco::Net::HTTPServerRequest& req_;
  Poco::Net::HTTPServerResponse& resp_;
  const std::map<std::string, std::string> params_;
  const Caller caller_;
  AuditStore& auditStore_;
  const Clock& clock_;
  const size_t maxBodyBytes_;
  std::map<std::string, std::string> query_;
  bool audited_ = false;
  int status_ = 0;
};

using HandlerFn = std::function<void(AdminCall&)>;

/// One admin API route, as data (STYLE item 8).
struct Route {
  std::string method;   ///< GET, POST, PUT, DELETE
  std::string pattern;  ///< "/api/v1/admin/exchange/{name}/test": {x} matches one segment
  Access access = Access::kAny;
  bool mutates = false;  ///< A change: needs X-CSRF-Token with a session; always audited
  bool allowedWhileMustChange = false;  ///< Usable before a forced password change
  HandlerFn handler;
  /// The least role that may call it (not checked for kPublic); other callers get 403. Routes
  /// that do not say are for admins only.
  Role role = Role::kAdmin;
  /// The largest body it reads; 0: the listener's (kMaxAdminBodyBytes).
  size_t maxBodyBytes = 0;
};

/// Adds a concern's routes to a table.
using RouteTable = std::vector<Route>;

}  // namespace enp::admin
