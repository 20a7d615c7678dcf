#include "enp/admin/handlers/console_handler.h"

#include "enp/admin/handlers/console_assets.h"
#include "enp/http/http_util.h"

namespace enp::admin {

void setSecurityHeaders(Poco::Net::HTTPServerResponse& resp) {
  resp.set("Content-Security-Policy",
           "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
           "frame-ancestors 'none'");
  resp.set("X-Content-Type-Options", "nosniff");
  resp.set("X-Frame-Options", "DENY");
  resp.set("Referrer-Policy", "no-referrer");
  resp.set("Cross-Origin-Opener-Policy", "same-origin");
  // HTTPS only, from now on. Without includeSubDomains: the admin port is often reached by an
  // IP address or through a tunnel to 127.0.0.1, whose other ports must not be forced to HTTPS.
  resp.set("Strict-Transport-Security", "max-age=31536000");
}

void ConsoleHandler::addRoutes(RouteTable* routes) {
  routes->push_back(
      {"GET", "/", Access::kPublic, false, false, [](AdminCall& c) { serve(c, "index.html"); }});
  routes->push_back({"GET", "/assets/{file}", Access::kPublic, false, false,
                     [](AdminCall& c) { serve(c, c.param("file")); }});
  routes->push_back({"GET", "/assets/{dir}/{file}", Access::kPublic, false, false,
                     [](AdminCall& c) { serve(c, c.param("dir") + "/" + c.param("file")); }});
}

void ConsoleHandler::serve(AdminCall& call, const std::string& path) {
  auto& resp = call.response();
  setSecurityHeaders(resp);
  const auto& assets = consoleAssets();
  auto it = assets.find(path);
  if (it == assets.end() || path.find("..") != std::string::npos) {
    http::sendError(resp, 404, "no such resource");
    return;
  }
  const ConsoleAsset& asset = it->second;
  resp.set("ETag", asset.etag);
  if (call.request().get("If-None-Match", "") == asset.etag) {
    resp.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_MODIFIED);
    resp.set("Cache-Control", "no-cache");
    resp.setContentLength(0);
    resp.send();
    return;
  }
  resp.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
  resp.setContentType(asset.contentType);
  resp.set("Cache-Control", "no-cache");
  resp.setContentLength(static_cast<std::streamsize>(asset.body.size()));
  resp.send().write(asset.body.data(), static_cast<std::streamsize>(asset.body.size()));
}

}  // namespace enp::admin
