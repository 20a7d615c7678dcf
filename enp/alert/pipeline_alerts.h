#pragma once

#include <string>

#include "enp/alert/alert_board.h"
#include "enp/common/status.h"
#include "enp/decide/failure.h"

namespace enp {

/// The pipeline's side of the alerts: turns what happens to mails into raised and resolved
/// alerts, by upstream ("exchange:<server>", "graph:<tenant>", "cns"):
///   Exchange auth or impersonation refused     -> exchange-auth:<server>
///   Exchange failing until its queue is held   -> exchange-unreachable:<server>
///   Graph token refused, credential unusable,
///     Graph 401/403                             -> graph-auth:<tenant>
///   Graph failing until its queue is held      -> graph-unreachable:<tenant>
///   CNS refusing notifications (4xx)            -> cns-rejects
///   CNS failing until its queue is held         -> cns-unreachable
///   CNS settings unusable                       -> cns-config
///   a successful GetItem on a server            resolves that server's alerts
///   a message read through Graph                resolves that tenant's alerts
///   a push CNS accepted                         resolves the CNS alerts
///   recording outcomes fails / works again      -> database-commit / resolves it
/// Cheap (a map look-up under the board's lock); thread-safe.
class PipelineAlerts {
 public:
  explicit PipelineAlerts(AlertBoard& board) : board_(board) {}

  /// A mail's failure at `upstream` ("" when no upstream was reached). `held`: the upstream's
  /// queue is held now (it failed for everyone).
  void onFailure(const Failure& failure, const std::string& upstream, bool held);
  /// The upstream answered as it should.
  void onSuccess(const std::string& upstream);
  void onStoreFailure(const Status& status);

 private:
  AlertBoard& board_;
};

}  // namespace enp
