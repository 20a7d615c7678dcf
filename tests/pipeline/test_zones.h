#pragma once

// The Windows time zones for the pipeline's tests: the system's table (tzdata's
// windowsZones.xml), else the copy in tests/data.

#include <memory>
#include <string>

#include "enp/decide/zone_loader.h"

namespace enp {

inline Result<std::unique_ptr<rules::ZoneDb>> loadTestZones() {
  auto zones = loadZoneDb(kDefaultWindowsZonesPath);
  if (!zones.ok()) {
    zones = loadZoneDb(std::string(ENP_TEST_DATA_DIR) + "/ews/tz/windowsZones.xml");
  }
  return zones;
}

}  // namespace enp
