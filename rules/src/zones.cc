#include "rules/zones.h"

#include <date/tz.h>

#include <pugixml.hpp>

#include "text.h"

namespace rules {
namespace {

using internal::toLower;
using internal::trim;

// Reads the "L TARGET ALIAS" lines of tzdata.zi.
std::map<std::string, std::string> parseLinks(std::string_view zi) {
  std::map<std::string, std::string> links;
  while (!zi.empty()) {
    const size_t eol = zi.find('\n');
    std::string_view line = zi.substr(0, eol);
    zi = eol == std::string_view::npos ? std::string_view() : zi.substr(eol + 1);
    if (line.size() < 3 || line[0] != 'L' || line[1] != ' ') {
      continue;
    }
    line.remove_prefix(2);
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) {
      continue;
    }
    std::string_view target = trim(line.substr(0, space));
    std::string_view alias = trim(line.substr(space + 1));
    if (!target.empty() && !alias.empty()) {
      links.emplace(std::string(alias), std::string(target));
    }
  }
  return links;
}

}  // namespace

std::unique_ptr<ZoneDb> ZoneDb::fromWindowsZonesXml(std::string_view xml, std::string* error) {
  return fromWindowsZonesXml(xml, {}, error);
}

std::unique_ptr<ZoneDb> ZoneDb::fromWindowsZonesXml(std::string_view xml, std::string_view tzdataZi,
                                                    std::string* error) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    *error = "windowsZones.xml: XML error at offset " + std::to_string(parsed.offset) + ": " +
             parsed.description();
    return nullptr;
  }
  std::unique_ptr<ZoneDb> db(new ZoneDb());
  const pugi::xml_node map =
      doc.child("supplementalData").child("windowsZones").child("mapTimezones");
  for (pugi::xml_node zone : map.children("mapZone")) {
    const std::string windows = zone.attribute("other").value();
    const std::string iana = zone.attribute("type").value();
    if (std::string_view(zone.attribute("territory").value()) != "001" || windows.empty() ||
        iana.empty()) {
      continue;
    }
    db->windowsToIana_.emplace(windows, iana.substr(0, iana.find(' ')));
  }
  if (db->windowsToIana_.empty()) {
    *error =
        "not a CLDR windowsZones.xml: no supplementalData/windowsZones/mapTimezones/mapZone with "
        "territory \"001\"";
    return nullptr;
  }
  db->links_ = parseLinks(tzdataZi);
  try {
    for (const date::time_zone& zone : date::get_tzdb().zones) {
      db->lowerCaseIndex_.emplace(toLower(zone.name()), zone.name());
    }
  } catch (const std::exception& e) {
    *error = std::string("cannot load the system time-zone database: ") + e.what();
    return nullptr;
  }
  for (const auto& [alias, target] : db->links_) {
    db->lowerCaseIndex_.emplace(toLower(alias), alias);
  }
  // Windows names win over a tzdata name differing only in case (none do today).
  for (const auto& [windows, iana] : db->windowsToIana_) {
    db->lowerCaseIndex_[toLower(windows)] = windows;
  }
  return db;
}

const date::time_zone* ZoneDb::locate(const std::string& ianaName) const {
  std::string name = ianaName;
  // Follow links to the current name; a few hops at most (guards against a cyclic table).
  for (int hop = 0; hop < 4; ++hop) {
    const auto link = links_.find(name);
    if (link == links_.end()) {
      break;
    }
    name = link->second;
  }
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

const date::time_zone* ZoneDb::find(const std::string& name) const {
  std::string key(trim(name));
  if (key.empty()) {
    return nullptr;
  }
  const auto exactIndex = lowerCaseIndex_.find(toLower(key));
  if (exactIndex == lowerCaseIndex_.end()) {
    return nullptr;  // Neither a tzdata nor a Windows name, in any case.
  }
  if (const auto windows = windowsToIana_.find(key); windows != windowsToIana_.end()) {
    return locate(windows->second);
  }
  if (const date::time_zone* zone = locate(key)) {
    return zone;
  }
  const std::string& canonical = exactIndex->second;
  if (const auto windows = windowsToIana_.find(canonical); windows != windowsToIana_.end()) {
    return locate(windows->second);
  }
  return locate(canonical);
}

std::vector<std::string> ZoneDb::windowsZoneNames() const {
  std::vector<std::string> names;
  names.reserve(windowsToIana_.size());
  for (const auto& entry : windowsToIana_) {
    names.push_back(entry.first);
  }
  return names;
}

}  // namespace rules
