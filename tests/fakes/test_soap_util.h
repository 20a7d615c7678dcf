#pragma once

// Helpers for the fakes' own tests: a plain Poco HTTP client, the shared reference files, and
// schema validation of a SOAP Body child with xmllint (tests/data/ews/SOURCES.md §7).

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fakes::testing {

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
};

/// POST over a fresh connection. user empty: no Authorization header.
HttpReply post(const std::string& url, const std::string& body, const std::string& contentType,
               const std::vector<std::pair<std::string, std::string>>& headers = {},
               const std::string& user = "", const std::string& password = "",
               int timeoutMs = 10000);
/// GET over a fresh connection, without credentials.
HttpReply get(const std::string& url, int timeoutMs = 10000);

/// A file under ENP_TEST_DATA_DIR (e.g. "ews/getitem_request_additionalproperties_...xml").
std::string sharedFile(const std::string& relativePath);

struct SchemaResult {
  bool ran = false;    ///< false: xmllint is not installed.
  bool valid = false;  ///< false also when xmllint could not run (see output).
  std::string output;
};

/// Extracts the first element child of soap:Body (with its in-scope namespaces) and validates it
/// against schema/validation/validate-exchange-2019-onprem-smartlet.xsd.
SchemaResult validateBodyChild(const std::string& envelope);

}  // namespace fakes::testing
