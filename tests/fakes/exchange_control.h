#pragma once

// The fake Exchange driven by hand or by a script (the fake-exchange program): a few plain HTTP
// requests on its own port, no credentials (loopback only, like the fake itself).
//
//   POST /control/mail?mailbox=M[&subject=S][&from=ADDR][&id=ID]  a message arrives in M (as
//        FakeExchange::deliverMail: stored, and notified to M's subscriptions); 200, the item id
//   POST /control/restart                  Exchange restarts: every subscription is forgotten
//   POST /control/forget-events?mailbox=M  M's old watermarks become unusable
//   GET  /control/subscriptions            one line per subscription since the last restart:
//        "<id> <mailbox> <state> heartbeats=<n>"
//
// Anything else under /control/ is 404 (unknown path), 405 (wrong method) or 400 (a missing
// parameter), with a plain-text reason.

#include <optional>
#include <string>

namespace fakes {

class FakeExchange;

struct ControlAnswer {
  int status = 200;
  std::string body;  ///< text/plain
};

inline constexpr const char* kControlPrefix = "/control/";

/// Carries out a control request; nullopt when `uri`'s path is not under /control/.
std::optional<ControlAnswer> answerControl(FakeExchange& exchange, const std::string& method,
                                           const std::string& uri);

}  // namespace fakes
