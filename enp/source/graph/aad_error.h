#pragma once

#include <string>

namespace enp {

/// What an error answer of the Entra ID token endpoint means for the administrator: the
/// AADSTS code of its error_description ("AADSTS7000215") and the fix, in plain words, for the
/// codes a wrong setting causes (wrong tenant or client id, consent missing, a certificate not
/// uploaded or an invalid or expired client secret, a clock off). Other codes: the description's
/// first sentence. Never includes a secret: Entra ID's texts hold none.
struct AadError {
  std::string code;    ///< "AADSTS7000215"; "" when the answer named none.
  std::string detail;  ///< For logs: the code and Entra ID's first sentence.
  std::string advice;  ///< What to check or fix.
};

/// `body`: the token endpoint's JSON error answer ({"error", "error_description",
/// "error_codes", ...}); anything else gives an AadError with only `detail` set.
AadError explainAadError(const std::string& body);

}  // namespace enp
