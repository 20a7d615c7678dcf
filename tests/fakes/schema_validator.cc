#include "schema_validator.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <map>
#include <mutex>
#include <pugixml.hpp>

#include "xml_ns.h"

namespace fakes {
namespace {

// Collects libxml2's structured errors of one validation.
void collect(void* context, xmlErrorPtr error) {
  auto* out = static_cast<std::string*>(context);
  if (error != nullptr && error->message != nullptr && out->empty()) {
    *out = error->message;
    while (!out->empty() && (out->back() == '\n' || out->back() == ' ')) {
      out->pop_back();
    }
  }
}

}  // namespace

struct SchemaValidator::Schema {
  xmlSchemaPtr schema = nullptr;
  ~Schema() {
    if (schema != nullptr) {
      xmlSchemaFree(schema);
    }
  }
};

SchemaValidator::SchemaValidator(std::unique_ptr<Schema> schema) : schema_(std::move(schema)) {}
SchemaValidator::~SchemaValidator() = default;

std::string SchemaValidator::defaultSchemaPath() { return std::string(ENP_FAKES_EWS_SCHEMA); }

std::shared_ptr<const SchemaValidator> SchemaValidator::forFile(const std::string& path,
                                                                std::string* error) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const SchemaValidator>> cache;
  std::lock_guard lock(mutex);
  if (const auto found = cache.find(path); found != cache.end()) {
    return found->second;
  }
  xmlInitParser();
  std::string problem;
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(path.c_str());
  if (parser == nullptr) {
    *error = "cannot read the schema " + path;
    return nullptr;
  }
  xmlSchemaSetParserStructuredErrors(parser, collect, &problem);
  auto schema = std::make_unique<Schema>();
  schema->schema = xmlSchemaParse(parser);
  xmlSchemaFreeParserCtxt(parser);
  if (schema->schema == nullptr) {
    *error = "cannot compile the schema " + path + ": " + problem;
    return nullptr;
  }
  std::shared_ptr<const SchemaValidator> validator(new SchemaValidator(std::move(schema)));
  cache.emplace(path, validator);
  return validator;
}

std::string SchemaValidator::validateElement(std::string_view document) const {
  std::string problem;
  xmlDocPtr doc = xmlReadMemory(document.data(), static_cast<int>(document.size()), "request.xml",
                                nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) {
    return "not well-formed XML";
  }
  xmlSchemaValidCtxtPtr context = xmlSchemaNewValidCtxt(schema_->schema);
  xmlSchemaSetValidStructuredErrors(context, collect, &problem);
  const int result = xmlSchemaValidateDoc(context, doc);
  xmlSchemaFreeValidCtxt(context);
  xmlFreeDoc(doc);
  if (result != 0 && problem.empty()) {
    problem = "the document does not validate";
  }
  return problem;
}

std::string SchemaValidator::validateSoap(std::string_view envelope) const {
  pugi::xml_document doc;
  if (!doc.load_buffer(envelope.data(), envelope.size())) {
    return "not well-formed XML";
  }
  const pugi::xml_node root = firstElement(doc);
  if (!isElement(root, kSoap11Ns, "Envelope")) {
    return "not a SOAP 1.1 envelope";
  }
  for (const char* section : {"Header", "Body"}) {
    for (pugi::xml_node c = child(root, kSoap11Ns, section).first_child(); c;
         c = c.next_sibling()) {
      if (c.type() != pugi::node_element) {
        continue;
      }
      std::string problem = validateElement(standaloneElement(c));
      if (!problem.empty()) {
        return problem;
      }
    }
  }
  return {};
}

}  // namespace fakes
