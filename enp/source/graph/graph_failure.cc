#include "enp/source/graph/graph_failure.h"

#include <Poco/JSON/Parser.h>

#include <cstdlib>

#include "enp/common/log_text.h"

namespace enp {
namespace {

// Retry-After in seconds (Graph sends delta seconds); 0 when absent or not a number.
std::chrono::milliseconds retryAfter(const ews::HttpReply& reply) {
  const std::string value = reply.header("Retry-After");
  char* end = nullptr;
  const long seconds = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || seconds < 0) {
    return std::chrono::milliseconds(0);
  }
  return std::chrono::seconds(std::min(seconds, 3600L));
}

}  // namespace

GraphErrorBody parseGraphError(const std::string& body) {
  GraphErrorBody out;
  try {
    auto o = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    if (auto e = o->getObject("error")) {
      out.code = e->optValue<std::string>("code", "");
      out.message = e->optValue<std::string>("message", "");
    }
  } catch (const std::exception&) {
  }
  return out;
}

Failure graphHttpFailure(const ews::HttpReply& reply) {
  const GraphErrorBody e = parseGraphError(reply.body);
  Failure f;
  f.system = "graph";
  f.detail = "HTTP " + std::to_string(reply.status) +
             (e.code.empty() ? std::string() : " " + forLog(e.code, 80)) +
             (e.message.empty() ? std::string() : ": " + forLog(e.message, 200));
  const long s = reply.status;
  if (s == 401) {
    f.kind = FailureKind::kAuth;
    f.advice = "Graph refused ENP's access token: check the app registration's credential";
  } else if (s == 403) {
    f.kind = FailureKind::kAuth;
    f.advice =
        "grant the app the application permission Mail.Read with admin consent, and check that "
        "the application access policy (New-ApplicationAccessPolicy) covers this mailbox";
  } else if (s == 404 &&
             (e.code == "ErrorInvalidUser" || e.code == "MailboxNotEnabledForRESTAPI")) {
    f.kind = FailureKind::kNoMailbox;
  } else if (s == 404) {
    f.kind = FailureKind::kItemGone;
  } else if (s == 400 && (e.code == "ErrorInvalidIdMalformed" || e.code == "ErrorInvalidId")) {
    f.kind = FailureKind::kBadItem;
  } else if ((s == 429 || s == 503) && retryAfter(reply).count() > 0) {
    f.kind = FailureKind::kBusy;
    f.retryAfter = retryAfter(reply);
  } else if (s == 429) {
    f.kind = FailureKind::kBusy;
  } else {
    f.kind = FailureKind::kUnreachable;
  }
  return f;
}

Failure graphTransportFailure(const ews::Error& error, const std::string& graphUrl) {
  Failure f;
  f.kind = FailureKind::kUnreachable;
  f.system = "graph";
  f.detail = graphUrl + " unreachable: " + error.describe();
  f.advice = "check that ENP reaches " + graphUrl + " (HTTPS, proxy, DNS)";
  return f;
}

}  // namespace enp
