#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace date {
class time_zone;
}

namespace rules {

/// Resolves IANA and Windows time-zone names to tzdata zones. Windows names are mapped with
/// CLDR's windowsZones.xml (territory "001"). Loaded once; then immutable and thread-safe.
///
/// Zones come from the system tzdata through date-tz (date::get_tzdb(), itself loaded once per
/// process). Lookup order for a name (surrounding whitespace ignored): an exact tzdata name, an
/// exact Windows name, then either of them case-insensitively. Old tzdata names that are links
/// (Asia/Calcutta, America/Godthab, ...; CLDR still uses several) resolve to the zone they link
/// to (Asia/Kolkata, America/Nuuk) when the link table was given.
class ZoneDb {
 public:
  /// Builds the Windows->IANA map from the text of windowsZones.xml. Returns nullptr and sets
  /// *error when the document is not that file.
  static std::unique_ptr<ZoneDb> fromWindowsZonesXml(std::string_view xml, std::string* error);

  /// As above, plus the link table of tzdata's "tzdata.zi" text (its "L TARGET ALIAS" lines),
  /// used to report current names for old ones. An empty tzdataZi means no link table.
  static std::unique_ptr<ZoneDb> fromWindowsZonesXml(std::string_view xml,
                                                     std::string_view tzdataZi, std::string* error);

  /// The zone for an IANA or Windows name, or nullptr when unknown.
  const date::time_zone* find(const std::string& name) const;

  /// Number of Windows names mapped (territory "001").
  size_t windowsZoneCount() const { return windowsToIana_.size(); }

  /// The Windows names mapped, in alphabetical order (each resolves with find()).
  std::vector<std::string> windowsZoneNames() const;

 private:
  ZoneDb() = default;
  const date::time_zone* locate(const std::string& ianaName) const;

  // Constant after construction.
  std::map<std::string, std::string> windowsToIana_;
  std::map<std::string, std::string> lowerCaseIndex_;  ///< lower(Windows or IANA) -> name.
  std::map<std::string, std::string> links_;           ///< tzdata alias -> target.
};

}  // namespace rules
