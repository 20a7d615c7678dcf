#pragma once

#include <string>

#include "enp/common/status.h"

namespace enp {

/// "https://mail.contoso.com:443" for "https://Mail.Contoso.com/EWS/Exchange.asmx": scheme,
/// lower-case host and port (the scheme's default when absent); "" when url does not parse.
std::string urlOrigin(const std::string& url);

/// A stored secret (a password, a bearer token) goes only to where it was saved for: OK when
/// `savedFor` and `sendTo` name the same origin (scheme, host, port), else kInvalid for
/// `field` ("exchange[0].auth.password: the URL now points at https://other:443 instead of
/// https://mail1:443: enter it again"). Never quotes the secret.
Status secretMayFollow(const std::string& field, const std::string& savedFor,
                       const std::string& sendTo);

}  // namespace enp
