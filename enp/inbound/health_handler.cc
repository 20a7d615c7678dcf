#include "enp/inbound/health_handler.h"

#include <Poco/JSON/Array.h>

#include "enp/http/http_util.h"

namespace enp {

void HealthHandler::handleRequest(Poco::Net::HTTPServerRequest& req,
                                  Poco::Net::HTTPServerResponse& resp) {
  if (req.getMethod() != "GET" && req.getMethod() != "HEAD") {
    resp.set("Allow", "GET, HEAD");
    http::sendError(resp, 405, "method not allowed");
    return;
  }
  Poco::JSON::Object out;
  if (!ready_) {
    out.set("status", "ok");
    http::sendJson(resp, 200, out);
    return;
  }
  Poco::JSON::Array::Ptr problems = new Poco::JSON::Array;
  if (!db_.writable().ok()) {
    problems->add("database: not writable");
  }
  for (const auto& p : settings_.get(clock_.nowMs())->incomplete()) {
    problems->add(p);
  }
  out.set("status", problems->size() == 0 ? "ready" : "not ready");
  out.set("problems", problems);
  http::sendJson(resp, problems->size() == 0 ? 200 : 503, out);
}

}  // namespace enp
