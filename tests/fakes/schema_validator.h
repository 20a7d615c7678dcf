#pragma once

// Validates what a client sends against Microsoft's EWS schema, as Exchange does before it runs
// a request (an invalid one gets ErrorSchemaValidation): each child of s:Body and of s:Header
// becomes a document of its own, with the namespace declarations in scope, and is validated
// with libxml2 against the wrapper schema of tests/data/ews/schema/validation/.

#include <memory>
#include <string>
#include <string_view>

namespace fakes {

/// A compiled schema. Compiling the EWS schema takes a while, so instances are shared
/// (forFile()). Thread-safe: validations may run concurrently.
class SchemaValidator {
 public:
  /// The validator for a schema file, compiled once per process and path; nullptr (and *error
  /// set) when the file cannot be read or compiled.
  static std::shared_ptr<const SchemaValidator> forFile(const std::string& path,
                                                        std::string* error);

  /// The Exchange 2019 wrapper schema in this source tree.
  static std::string defaultSchemaPath();

  ~SchemaValidator();
  SchemaValidator(const SchemaValidator&) = delete;
  SchemaValidator& operator=(const SchemaValidator&) = delete;

  /// Empty when every Body and Header child of the SOAP envelope validates; otherwise the first
  /// problem, in libxml2's words ("Element '{...}Watermark': This element is not expected.").
  std::string validateSoap(std::string_view envelope) const;

  /// Empty when the standalone element document validates; otherwise the problem.
  std::string validateElement(std::string_view document) const;

 private:
  struct Schema;
  explicit SchemaValidator(std::unique_ptr<Schema> schema);
  std::unique_ptr<Schema> schema_;
};

}  // namespace fakes
