#pragma once

#include <iosfwd>

#include "enp/cli/commands.h"

namespace enp::cli {

/// `enp storage adopt-key [--config PATH]`: makes this node's data key the database's, for an
/// installation whose own key is lost for good (ENP refuses to start with another key).
int adoptKeyCommand(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace enp::cli
