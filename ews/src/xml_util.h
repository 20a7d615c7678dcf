#pragma once

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "ews/error.h"

// Namespace-aware helpers over pugixml, which itself knows nothing of namespaces: a node's
// namespace is resolved by walking the xmlns declarations up the tree.

namespace ews::xml {

/// Parses untrusted XML into doc. Returns a kParse Error when the text is not well-formed, has
/// a DOCTYPE (refused outright, so no DTD, entity or XXE processing can ever happen), a bad XML
/// declaration, or not exactly one root element. Entities other than the five predefined ones
/// and character references are never expanded.
std::optional<Error> parse(std::string_view text, pugi::xml_document& doc);

/// The local part of an element or attribute name ("t:ItemId" -> "ItemId").
std::string_view localName(const pugi::xml_node& node);

/// The namespace URI of an element: its prefix (or the default namespace) resolved through the
/// xmlns declarations in scope. Empty when undeclared.
std::string_view namespaceUri(const pugi::xml_node& node);

/// The namespace URI bound to prefix ("" = default) at node; empty when undeclared.
std::string_view resolvePrefix(const pugi::xml_node& node, std::string_view prefix);

/// True when node is the element {uri}local.
bool is(const pugi::xml_node& node, const char* uri, std::string_view local);

/// The first element child {uri}local, or an empty node.
pugi::xml_node child(const pugi::xml_node& parent, const char* uri, std::string_view local);

/// The first element child of parent, whatever its name, or an empty node.
pugi::xml_node firstElement(const pugi::xml_node& parent);

/// The text of an element with leading and trailing whitespace removed.
std::string trimmedText(const pugi::xml_node& node);

/// Trims ASCII whitespace.
std::string trim(std::string_view s);

/// The first element child of Envelope/Body (SOAP 1.1), or an empty node when the document is
/// no SOAP 1.1 envelope.
pugi::xml_node soapBodyChild(const pugi::xml_document& doc);

/// The text of MessageXml/Value[@Name=name] under messageXml (types namespace), trimmed;
/// empty when absent.
std::string messageXmlValue(const pugi::xml_node& messageXml, std::string_view name);

}  // namespace ews::xml
