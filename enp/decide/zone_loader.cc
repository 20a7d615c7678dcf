#include "enp/decide/zone_loader.h"

#include <fstream>
#include <sstream>

namespace enp {
namespace {

bool readFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *text = buffer.str();
  return !in.bad();
}

}  // namespace

Result<std::unique_ptr<rules::ZoneDb>> loadZoneDb(const std::string& path) {
  std::string xml;
  if (!readFile(path, &xml)) {
    return Status::invalid("cannot read the Windows time-zone map " + path +
                           " (install unicode-cldr-core or pass its path)");
  }
  std::string tzdataZi;
  if (!readFile(kDefaultTzdataZiPath, &tzdataZi)) {
    tzdataZi.clear();  // Optional: without it, old zone names are reported as given.
  }
  std::string problem;
  auto zones = rules::ZoneDb::fromWindowsZonesXml(xml, tzdataZi, &problem);
  if (zones == nullptr) {
    return Status::invalid(path + ": " + problem);
  }
  return zones;
}

}  // namespace enp
