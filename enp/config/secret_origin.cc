#include "enp/config/secret_origin.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include "enp/common/log_text.h"

namespace enp {

std::string urlOrigin(const std::string& url) {
  try {
    const Poco::URI uri(url);
    if (uri.getScheme().empty() || uri.getHost().empty()) {
      return "";
    }
    // getPort() gives the scheme's well-known port when the URL names none.
    return Poco::toLower(uri.getScheme()) + "://" + Poco::toLower(uri.getHost()) + ":" +
           std::to_string(uri.getPort());
  } catch (const Poco::Exception&) {
    return "";
  }
}

Status secretMayFollow(const std::string& field, const std::string& savedFor,
                       const std::string& sendTo) {
  const std::string before = urlOrigin(savedFor);
  const std::string after = urlOrigin(sendTo);
  if (!before.empty() && before == after) {
    return Status();
  }
  return Status::invalid(field + ": the URL now points at " +
                         (after.empty() ? "'" + forLog(sendTo, 80) + "'" : after) + " instead of " +
                         (before.empty() ? "an unknown host" : before) +
                         ": enter it again (a stored secret is only sent where it was saved for)");
}

}  // namespace enp
