#pragma once

// Namespace-aware helpers over pugixml (which itself ignores namespaces): elements are matched on
// (namespace URI, local name), with prefixes resolved through the in-scope xmlns declarations, so
// any prefix a client picks (soap:, s:, soap11:, a default namespace) is understood.

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace fakes {

inline constexpr std::string_view kSoap11Ns = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view kSoap12Ns = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr std::string_view kMessagesNs =
    "http://schemas.microsoft.com/exchange/services/2006/messages";
inline constexpr std::string_view kTypesNs =
    "http://schemas.microsoft.com/exchange/services/2006/types";
inline constexpr std::string_view kErrorsNs =
    "http://schemas.microsoft.com/exchange/services/2006/errors";

/// The local part of the node's name ("GetItem" for "m:GetItem").
std::string_view localName(const pugi::xml_node& node);

/// The namespace URI the node's prefix (or the default namespace) resolves to; empty if none.
std::string namespaceUri(const pugi::xml_node& node);

/// True when the node is an element named {ns}local.
bool isElement(const pugi::xml_node& node, std::string_view ns, std::string_view local);

/// The first element child named {ns}local, or an empty node.
pugi::xml_node child(const pugi::xml_node& parent, std::string_view ns, std::string_view local);

/// All element children named {ns}local, in document order.
std::vector<pugi::xml_node> children(const pugi::xml_node& parent, std::string_view ns,
                                     std::string_view local);

/// The first element child, whatever its name, or an empty node.
pugi::xml_node firstElement(const pugi::xml_node& parent);

/// Text content with leading and trailing XML whitespace removed (Exchange pads some values).
std::string trimmedText(const pugi::xml_node& node);

/// Escapes &, <, >, " and ' for use in element content and attribute values.
std::string xmlEscape(std::string_view text);

/// Serialises an element as a standalone document, declaring on it every namespace that is in
/// scope at its position (what `xmllint --xpath` cannot do). Used to validate a SOAP Body child.
std::string standaloneElement(const pugi::xml_node& node);

}  // namespace fakes
