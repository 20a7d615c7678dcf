#pragma once

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ews/error.h"

// Namespace-aware reading of untrusted XML over pugixml, which itself knows nothing of
// namespaces. Document::parse checks the whole tree in one pass against the caps below and
// resolves every element's namespace in the same pass, so a document costs time linear in its
// size and a later lookup costs O(1), whatever the nesting or the number of attributes.

namespace ews::xml {

// Structural caps checked by Document::parse; exceeding one is a kParse Error naming it. The EWS
// messages ENP reads stay far below them: the deepest reference sample nests 13 elements (a
// GetItem answer 10, a SendNotification 8), no sample element carries more than 9 attributes
// (namespace declarations included), a SendNotification takes about 7 elements and 8 attributes
// per event (so kMaxElements still admits some 2,800 events in one POST), and a GetItem answer
// takes about 16 elements per item (some 130 for the 8 items of one batch).

/// Element nesting; the root element is at depth 1.
inline constexpr int kMaxDepth = 64;
/// Attributes on one element, xmlns declarations included.
inline constexpr int kMaxAttributesPerElement = 64;
/// Elements in the whole document.
inline constexpr int kMaxElements = 20'000;
/// Attributes in the whole document, xmlns declarations included.
inline constexpr int kMaxAttributes = 40'000;

/// A parsed and checked document whose elements' namespaces are resolved once, at parse().
/// Nodes handed out point into it: they are valid while the Document lives and until the next
/// parse(). Not thread-safe for parse(); the const lookups may run concurrently.
class Document {
 public:
  Document() = default;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  /// Parses untrusted XML. Returns a kParse Error, and leaves the Document empty, when the text
  /// is not well-formed, has a DOCTYPE (refused outright, so no DTD, entity or XXE processing
  /// can ever happen), a bad XML declaration, or not exactly one root element; when it is not
  /// namespace-well-formed (Namespaces in XML 1.0: an element or attribute prefix that is not
  /// declared, a name with an empty part or more than one colon, a misused xml/xmlns prefix, an
  /// empty prefixed declaration, two attributes with the same expanded name); or when it
  /// exceeds one of the caps above. Entities other than the five predefined ones and character
  /// references are never expanded. Costs time linear in the size of text.
  std::optional<Error> parse(std::string_view text);

  /// The root element; empty before a successful parse().
  pugi::xml_node root() const { return doc_.document_element(); }

  /// The namespace URI of an element of this document, resolved at parse(); empty when the
  /// element is in no namespace or is not an element of this document. O(1).
  std::string_view namespaceUri(const pugi::xml_node& node) const;

  /// True when node is the element {uri}local.
  bool is(const pugi::xml_node& node, const char* uri, std::string_view local) const;

  /// The first element child {uri}local of parent, or an empty node.
  pugi::xml_node child(const pugi::xml_node& parent, const char* uri, std::string_view local) const;

  /// The first element child of Envelope/Body (SOAP 1.1), or an empty node when the document
  /// is no SOAP 1.1 envelope.
  pugi::xml_node soapBodyChild() const;

  /// The text of MessageXml/Value[@Name=name] under messageXml (types namespace), trimmed;
  /// empty when absent.
  std::string messageXmlValue(const pugi::xml_node& messageXml, std::string_view name) const;

 private:
  pugi::xml_document doc_;
  using ElementUri = std::pair<const pugi::xml_node_struct*, std::string_view>;

  static bool byElement(const ElementUri& a, const ElementUri& b);

  // Element -> namespace URI for the elements that are in a namespace, sorted by element for a
  // binary search. The URIs point into doc_ (declaration values) or at ns::kXml.
  std::vector<ElementUri> uris_;
};

/// The local part of an element or attribute name ("t:ItemId" -> "ItemId").
std::string_view localName(const pugi::xml_node& node);

/// The namespace URI bound to prefix ("" = default) in scope at node; empty when undeclared.
/// Walks the ancestors' declarations, so it is meant for the rare QName found in content (a
/// SOAP faultcode), not for element matching; within the caps it reads at most
/// kMaxDepth * kMaxAttributesPerElement attributes.
std::string_view resolvePrefix(const pugi::xml_node& node, std::string_view prefix);

/// The first element child of parent, whatever its name, or an empty node.
pugi::xml_node firstElement(const pugi::xml_node& parent);

/// The text of an element with leading and trailing whitespace removed.
std::string trimmedText(const pugi::xml_node& node);

/// Trims ASCII whitespace.
std::string trim(std::string_view s);

}  // namespace ews::xml
