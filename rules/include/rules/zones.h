#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace rules {

/// Resolves IANA and Windows time-zone names to tzdata zones. Windows names are mapped with
/// CLDR's windowsZones.xml (territory "001"). Loaded once; then immutable and thread-safe.
class ZoneDb {
 public:
  /// Builds the Windows->IANA map from the text of windowsZones.xml. Returns nullptr and sets
  /// *error when the document is not that file.
  static std::unique_ptr<ZoneDb> fromWindowsZonesXml(std::string_view xml, std::string* error);

  /// The zone for an IANA or Windows name, or nullptr when unknown.
  const date::time_zone* find(const std::string& name) const;

 private:
  std::map<std::string, std::string> windowsToIana_;
};

}  // namespace rules
