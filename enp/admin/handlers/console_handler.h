#pragma once

#include <Poco/Net/HTTPServerResponse.h>

#include "enp/admin/admin_call.h"

namespace enp::admin {

/// The web console's files, embedded at build time (console_assets.h), on the admin listener:
///   GET /                         index.html
///   GET /assets/{file}            e.g. app.js, style.css
///   GET /assets/{dir}/{file}      e.g. pages/dashboard.js
/// All public (the files hold no data; the API they call needs a session). Answers carry an
/// ETag and "Cache-Control: no-cache" (revalidated, 304 when unchanged) and the security
/// headers of setSecurityHeaders(). Unknown files 404.
class ConsoleHandler {
 public:
  void addRoutes(RouteTable* routes);

 private:
  static void serve(AdminCall& call, const std::string& path);
};

/// Headers for every admin listener answer: a Content-Security-Policy allowing only the
/// listener's own scripts, styles and API (no inline script, no framing), nosniff,
/// X-Frame-Options DENY, Referrer-Policy no-referrer and Strict-Transport-Security (one year,
/// without includeSubDomains).
void setSecurityHeaders(Poco::Net::HTTPServerResponse& resp);

}  // namespace enp::admin
