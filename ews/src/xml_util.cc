#include "xml_util.h"

#include <cstring>

#include "soap_names.h"

namespace ews::xml {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool isXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// XML 1.0 production VersionNum: '1.' [0-9]+
bool isValidVersion(std::string_view v) {
  if (v.size() < 3 || v.substr(0, 2) != "1.") {
    return false;
  }
  for (char c : v.substr(2)) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

std::optional<Error> checkTopLevel(std::string_view text, const pugi::xml_document& doc) {
  if (text.starts_with(kBom)) {
    text.remove_prefix(kBom.size());
  }
  int elements = 0;
  bool first = true;
  for (const pugi::xml_node& node : doc.children()) {
    switch (node.type()) {
      case pugi::node_doctype:
        return Error::parse("document type declarations are not allowed");
      case pugi::node_declaration:
        // Only legal as the very first bytes of the document.
        if (!first || !text.starts_with("<?xml")) {
          return Error::parse("XML declaration not at the start of the document");
        }
        if (!isValidVersion(node.attribute("version").value())) {
          return Error::parse("invalid XML declaration version");
        }
        break;
      case pugi::node_element:
        ++elements;
        break;
      case pugi::node_pcdata:
      case pugi::node_cdata:
        return Error::parse("text outside the root element");
      default:
        break;
    }
    first = false;
  }
  if (elements != 1) {
    return Error::parse("expected exactly one root element, found " + std::to_string(elements));
  }
  return std::nullopt;
}

}  // namespace

std::optional<Error> parse(std::string_view text, pugi::xml_document& doc) {
  // parse_doctype makes a DOCTYPE visible as a node so that it can be refused; pugixml never
  // processes DTDs or custom entities in any mode.
  constexpr unsigned kOptions = pugi::parse_default | pugi::parse_doctype | pugi::parse_declaration;
  const pugi::xml_parse_result result =
      doc.load_buffer(text.data(), text.size(), kOptions, pugi::encoding_auto);
  if (!result) {
    return Error::parse(std::string("not well-formed XML: ") + result.description() +
                        " at offset " + std::to_string(result.offset));
  }
  return checkTopLevel(text, doc);
}

std::string_view localName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view resolvePrefix(const pugi::xml_node& node, std::string_view prefix) {
  if (prefix == "xml") {
    return ns::kXml;
  }
  const std::string attr = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    const pugi::xml_attribute a = n.attribute(attr.c_str());
    if (a) {
      return a.value();
    }
  }
  return {};
}

std::string_view namespaceUri(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return resolvePrefix(node, colon == std::string_view::npos ? "" : name.substr(0, colon));
}

bool is(const pugi::xml_node& node, const char* uri, std::string_view local) {
  return node.type() == pugi::node_element && localName(node) == local && namespaceUri(node) == uri;
}

pugi::xml_node child(const pugi::xml_node& parent, const char* uri, std::string_view local) {
  for (const pugi::xml_node& c : parent.children()) {
    if (is(c, uri, local)) {
      return c;
    }
  }
  return {};
}

pugi::xml_node firstElement(const pugi::xml_node& parent) {
  for (const pugi::xml_node& c : parent.children()) {
    if (c.type() == pugi::node_element) {
      return c;
    }
  }
  return {};
}

std::string trim(std::string_view s) {
  while (!s.empty() && isXmlSpace(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && isXmlSpace(s.back())) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

std::string trimmedText(const pugi::xml_node& node) { return trim(node.text().get()); }

pugi::xml_node soapBodyChild(const pugi::xml_document& doc) {
  const pugi::xml_node envelope = doc.document_element();
  if (!is(envelope, ns::kSoap, "Envelope")) {
    return {};
  }
  return firstElement(child(envelope, ns::kSoap, "Body"));
}

std::string messageXmlValue(const pugi::xml_node& messageXml, std::string_view name) {
  for (const pugi::xml_node& v : messageXml.children()) {
    if (is(v, ns::kTypes, "Value") && v.attribute("Name").value() == name) {
      return trimmedText(v);
    }
  }
  return {};
}

}  // namespace ews::xml
