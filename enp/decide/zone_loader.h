#pragma once

#include <memory>
#include <string>

#include "enp/common/status.h"
#include "rules/zones.h"

namespace enp {

/// Where Debian's unicode-cldr-core puts CLDR's Windows->IANA zone map.
inline constexpr const char* kDefaultWindowsZonesPath =
    "/usr/share/unicode/cldr/common/supplemental/windowsZones.xml";
/// tzdata's compact source; its link lines let old names (Asia/Calcutta) report current ones.
inline constexpr const char* kDefaultTzdataZiPath = "/usr/share/zoneinfo/tzdata.zi";

/// Reads windowsZones.xml at path (and, when readable, kDefaultTzdataZiPath) and builds the
/// zone database. Call once at start-up and share the result (it is immutable; never null).
/// kInvalid naming the path when the file is missing or is not that document.
Result<std::unique_ptr<rules::ZoneDb>> loadZoneDb(const std::string& path);

}  // namespace enp
