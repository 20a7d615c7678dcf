#include "xml_util.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <map>
#include <utility>
#include <vector>

#include "soap_names.h"

namespace ews::xml {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kXmlnsUri = "http://www.w3.org/2000/xmlns/";

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

// A name split per Namespaces in XML 1.0: QName ::= (Prefix ':')? LocalPart. pugixml checked the
// characters; the colons are checked here.
struct QName {
  std::string_view prefix;  // Empty when unprefixed.
  std::string_view local;
};

// nullopt when the name has an empty prefix or local part, or more than one colon.
std::optional<QName> splitQName(std::string_view name) {
  const size_t colon = name.find(':');
  if (colon == std::string_view::npos) {
    return QName{{}, name};
  }
  if (colon == 0 || colon + 1 == name.size() ||
      name.find(':', colon + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  return QName{name.substr(0, colon), name.substr(colon + 1)};
}

// " 'name'" for a short printable ASCII name, else "": a message never echoes arbitrary bytes.
std::string quoted(std::string_view name) {
  if (name.empty() || name.size() > 32) {
    return {};
  }
  for (char c : name) {
    if (c <= ' ' || c > '~') {
      return {};
    }
  }
  return " '" + std::string(name) + "'";
}

pugi::xml_node nextElementSibling(const pugi::xml_node& node) {
  pugi::xml_node s = node.next_sibling();
  while (s && s.type() != pugi::node_element) {
    s = s.next_sibling();
  }
  return s;
}

// {namespace URI, local name} of an attribute, the URI as an id given by TreeCheck::intern().
using ExpandedName = std::pair<int, std::string_view>;

// The index of an entry of names equal to an earlier one, or -1. names holds at most
// kMaxAttributesPerElement entries: a few are compared pairwise, more go through a small
// open-addressing hash set, so the cost stays linear in the length of the names.
int findDuplicate(const std::vector<ExpandedName>& names) {
  constexpr size_t kPairwise = 8;
  const int n = static_cast<int>(names.size());
  if (names.size() <= kPairwise) {
    for (int i = 1; i < n; ++i) {
      for (int j = 0; j < i; ++j) {
        if (names[i] == names[j]) {
          return i;
        }
      }
    }
    return -1;
  }
  constexpr size_t kSlots = 2 * kMaxAttributesPerElement;
  static_assert((kSlots & (kSlots - 1)) == 0, "a power of two, above the entry count");
  std::array<int, kSlots> slots;
  slots.fill(-1);
  const std::hash<std::string_view> hash;
  for (int i = 0; i < n; ++i) {
    size_t h = (hash(names[i].second) ^ static_cast<size_t>(names[i].first)) & (kSlots - 1);
    for (; slots[h] >= 0; h = (h + 1) & (kSlots - 1)) {
      if (names[slots[h]] == names[i]) {
        return i;
      }
    }
    slots[h] = i;
  }
  return -1;
}

// One pre-order walk over the elements, without recursion, that enforces the caps and the
// namespace rules and records each element's namespace URI. Every node and attribute is visited
// a bounded number of times, and every name and URI is read a bounded number of times (URIs are
// compared through ids): the cost is linear in the document, up to a log factor of the ordered
// maps. They are ordered, not hashed, because the sender chooses the keys and could flood a
// hash map with colliding ones.
class TreeCheck {
 public:
  using ElementUris = std::vector<std::pair<const pugi::xml_node_struct*, std::string_view>>;

  explicit TreeCheck(ElementUris& uris) : uris_(uris) {
    intern("");
    intern(ns::kXml);
    intern(kXmlnsUri);
  }

  std::optional<Error> run(const pugi::xml_node& root) {
    int depth = 0;
    pugi::xml_node n = root;
    while (n) {
      if (++depth > kMaxDepth) {
        return Error::parse("XML element depth limit exceeded: more than " +
                            std::to_string(kMaxDepth) + " nested elements");
      }
      if (std::optional<Error> err = enter(n)) {
        return err;
      }
      if (pugi::xml_node c = firstElement(n)) {
        n = c;
        continue;
      }
      // n has no element child: close it, and each ancestor that has no next element sibling.
      while (true) {
        leave();
        --depth;
        if (n == root) {
          return std::nullopt;
        }
        if (pugi::xml_node s = nextElementSibling(n)) {
          n = s;
          break;
        }
        n = n.parent();
      }
    }
    return std::nullopt;
  }

 private:
  struct Binding {
    std::string_view uri;  // Empty: no namespace (the default, undeclared).
    int id = 0;            // intern(uri).
  };
  using Bindings = std::map<std::string_view, std::vector<Binding>, std::less<>>;

  // Checks one element's caps and names, binds its declarations and records its namespace.
  // Its attributes are read once; prefixed ones are resolved after the element's own
  // declarations, which are in scope for them whatever the order.
  std::optional<Error> enter(const pugi::xml_node& element) {
    if (++elements_ > kMaxElements) {
      return Error::parse("XML element limit exceeded: more than " + std::to_string(kMaxElements) +
                          " elements");
    }
    marks_.push_back(declared_.size());
    expanded_.clear();
    prefixed_.clear();
    for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
      if (expanded_.size() == kMaxAttributesPerElement) {
        return Error::parse("XML attribute limit exceeded: more than " +
                            std::to_string(kMaxAttributesPerElement) +
                            " attributes on one element");
      }
      if (++attributes_ > kMaxAttributes) {
        return Error::parse("XML attribute limit exceeded: more than " +
                            std::to_string(kMaxAttributes) + " attributes in the document");
      }
      const std::optional<QName> q = splitQName(a.name());
      if (!q) {
        return Error::parse("attribute name with an empty part or more than one colon");
      }
      if (q->prefix.empty() && q->local == "xmlns") {
        if (std::optional<Error> err = declare("", a.value())) {
          return err;
        }
        expanded_.push_back({kXmlnsId, std::string_view()});
      } else if (q->prefix == "xmlns") {
        if (std::optional<Error> err = declare(q->local, a.value())) {
          return err;
        }
        expanded_.push_back({kXmlnsId, q->local});
      } else {
        if (!q->prefix.empty()) {
          prefixed_.push_back({expanded_.size(), q->prefix});
        }
        expanded_.push_back({kNoNamespaceId, q->local});
      }
    }
    const std::optional<QName> q = splitQName(element.name());
    if (!q) {
      return Error::parse("element name with an empty part or more than one colon");
    }
    if (q->prefix == "xmlns") {
      return Error::parse("element with the reserved prefix 'xmlns'");
    }
    const std::optional<Binding> b = lookup(q->prefix);
    if (!b) {
      return Error::parse("undeclared namespace prefix" + quoted(q->prefix) + " on an element");
    }
    if (!b->uri.empty()) {
      uris_.emplace_back(element.internal_object(), b->uri);
    }
    for (const auto& [index, prefix] : prefixed_) {
      const std::optional<Binding> ab = lookup(prefix);
      if (!ab) {
        return Error::parse("undeclared namespace prefix" + quoted(prefix) + " on an attribute");
      }
      expanded_[index].first = ab->id;
    }
    // No two attributes may share an expanded name (declarations are names in the xmlns
    // namespace).
    if (const int dup = findDuplicate(expanded_); dup >= 0) {
      return Error::parse("duplicate attribute" + quoted(expanded_[dup].second));
    }
    return std::nullopt;
  }

  // Binds prefix ("" = default) to uri for the element being entered and its descendants.
  std::optional<Error> declare(std::string_view prefix, std::string_view uri) {
    if (prefix == "xmlns") {
      return Error::parse("the prefix 'xmlns' cannot be declared");
    }
    if (prefix == "xml") {
      if (uri != ns::kXml) {
        return Error::parse("the prefix 'xml' bound to another namespace");
      }
      return std::nullopt;  // Predeclared; lookup() knows it.
    }
    if (uri == ns::kXml || uri == kXmlnsUri) {
      return Error::parse("a reserved namespace bound to another prefix");
    }
    if (!prefix.empty() && uri.empty()) {
      return Error::parse("empty namespace declaration for prefix" + quoted(prefix));
    }
    auto it = bindings_.try_emplace(prefix).first;
    it->second.push_back({uri, intern(uri)});
    declared_.push_back(it);
    return std::nullopt;
  }

  // Unbinds what the innermost open element declared.
  void leave() {
    const size_t mark = marks_.back();
    marks_.pop_back();
    while (declared_.size() > mark) {
      declared_.back()->second.pop_back();
      declared_.pop_back();
    }
  }

  // The binding of prefix in scope; no namespace for the default namespace when none is
  // declared (or it was undeclared with xmlns=""), nullopt for an undeclared prefix.
  std::optional<Binding> lookup(std::string_view prefix) const {
    if (prefix == "xml") {
      return Binding{ns::kXml, kXmlId};
    }
    const auto it = bindings_.find(prefix);
    if (it == bindings_.end() || it->second.empty()) {
      return prefix.empty() ? std::optional<Binding>(Binding{}) : std::nullopt;
    }
    return it->second.back();
  }

  // A small integer per distinct URI, so that URIs are compared once, not per attribute.
  int intern(std::string_view uri) {
    const auto [it, inserted] = uriIds_.try_emplace(uri, static_cast<int>(uriIds_.size()));
    return it->second;
  }

  static constexpr int kNoNamespaceId = 0;  // intern(""), by the constructor.
  static constexpr int kXmlId = 1;          // intern(ns::kXml), by the constructor.
  static constexpr int kXmlnsId = 2;        // intern(kXmlnsUri), by the constructor.

  ElementUris& uris_;
  Bindings bindings_;
  std::map<std::string_view, int, std::less<>> uriIds_;
  std::vector<Bindings::iterator> declared_;  // In declaration order, for the open elements.
  std::vector<size_t> marks_;                 // declared_.size() when each open element began.
  // Scratch of enter(): the element's attributes, and which of them have a prefix to resolve.
  std::vector<ExpandedName> expanded_;
  std::vector<std::pair<size_t, std::string_view>> prefixed_;
  int elements_ = 0;
  int attributes_ = 0;
};

}  // namespace

bool Document::byElement(const ElementUri& a, const ElementUri& b) {
  return std::less<const pugi::xml_node_struct*>()(a.first, b.first);
}

std::optional<Error> Document::parse(std::string_view text) {
  doc_.reset();
  uris_.clear();
  // parse_doctype makes a DOCTYPE visible as a node so that it can be refused; pugixml never
  // processes DTDs or custom entities in any mode.
  constexpr unsigned kOptions = pugi::parse_default | pugi::parse_doctype | pugi::parse_declaration;
  const pugi::xml_parse_result result =
      doc_.load_buffer(text.data(), text.size(), kOptions, pugi::encoding_auto);
  std::optional<Error> err;
  if (!result) {
    err = Error::parse(std::string("not well-formed XML: ") + result.description() + " at offset " +
                       std::to_string(result.offset));
  } else {
    err = checkTopLevel(text, doc_);
  }
  if (!err) {
    err = TreeCheck(uris_).run(doc_.document_element());
  }
  if (!err && !std::is_sorted(uris_.begin(), uris_.end(), byElement)) {
    // Elements are allocated in document order, mostly at increasing addresses.
    std::sort(uris_.begin(), uris_.end(), byElement);
  }
  if (err) {
    doc_.reset();
    uris_.clear();
  }
  return err;
}

std::string_view Document::namespaceUri(const pugi::xml_node& node) const {
  const ElementUri key{node.internal_object(), {}};
  const auto it = std::lower_bound(uris_.begin(), uris_.end(), key, byElement);
  return it == uris_.end() || it->first != key.first ? std::string_view() : it->second;
}

bool Document::is(const pugi::xml_node& node, const char* uri, std::string_view local) const {
  return node.type() == pugi::node_element && localName(node) == local && namespaceUri(node) == uri;
}

pugi::xml_node Document::child(const pugi::xml_node& parent, const char* uri,
                               std::string_view local) const {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (is(c, uri, local)) {
      return c;
    }
  }
  return {};
}

pugi::xml_node Document::soapBodyChild() const {
  const pugi::xml_node envelope = root();
  if (!is(envelope, ns::kSoap, "Envelope")) {
    return {};
  }
  return firstElement(child(envelope, ns::kSoap, "Body"));
}

std::string Document::messageXmlValue(const pugi::xml_node& messageXml,
                                      std::string_view name) const {
  for (const pugi::xml_node& v : messageXml.children()) {
    if (is(v, ns::kTypes, "Value") && v.attribute("Name").value() == name) {
      return trimmedText(v);
    }
  }
  return {};
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

pugi::xml_node firstElement(const pugi::xml_node& parent) {
  pugi::xml_node c = parent.first_child();
  while (c && c.type() != pugi::node_element) {
    c = c.next_sibling();
  }
  return c;
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

}  // namespace ews::xml
