#include "xml_ns.h"

#include <map>
#include <sstream>

namespace fakes {
namespace {

std::string_view prefixOf(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view{} : name.substr(0, colon);
}

bool isXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string_view localName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string namespaceUri(const pugi::xml_node& node) {
  const std::string_view prefix = prefixOf(node);
  const std::string attribute = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    if (const pugi::xml_attribute a = n.attribute(attribute.c_str())) {
      return a.value();
    }
  }
  return {};
}

bool isElement(const pugi::xml_node& node, std::string_view ns, std::string_view local) {
  return node.type() == pugi::node_element && localName(node) == local && namespaceUri(node) == ns;
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view ns, std::string_view local) {
  for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
    if (isElement(n, ns, local)) {
      return n;
    }
  }
  return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& parent, std::string_view ns,
                                     std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
    if (isElement(n, ns, local)) {
      out.push_back(n);
    }
  }
  return out;
}

pugi::xml_node firstElement(const pugi::xml_node& parent) {
  for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_element) {
      return n;
    }
  }
  return {};
}

std::string trimmedText(const pugi::xml_node& node) {
  std::string_view text = node.text().get();
  while (!text.empty() && isXmlSpace(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && isXmlSpace(text.back())) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::string xmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string standaloneElement(const pugi::xml_node& node) {
  // Innermost declaration wins, so walk from the root down and let later ones overwrite.
  std::vector<pugi::xml_node> chain;
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    chain.push_back(n);
  }
  std::map<std::string, std::string> inScope;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    for (const pugi::xml_attribute a : it->attributes()) {
      const std::string_view name = a.name();
      if (name == "xmlns" || name.starts_with("xmlns:")) {
        inScope[std::string(name)] = a.value();
      }
    }
  }
  pugi::xml_document doc;
  pugi::xml_node copy = doc.append_copy(node);
  for (const auto& [name, uri] : inScope) {
    if (!copy.attribute(name.c_str())) {
      copy.append_attribute(name.c_str()) = uri.c_str();
    }
  }
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw);
  return out.str();
}

}  // namespace fakes
