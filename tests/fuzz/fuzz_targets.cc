#include "fuzz_targets.h"

#include <Poco/JSON/Parser.h>

#include <memory>
#include <string>
#include <string_view>

#include "enp/config/settings.h"
#include "enp/decide/zone_loader.h"
#include "enp/inbound/registration_body.h"
#include "ews/get_item.h"
#include "ews/notification.h"

namespace fuzz {
namespace {

std::string_view view(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

const rules::ZoneDb& zones() {
  static std::unique_ptr<rules::ZoneDb> db = [] {
    auto zones = enp::loadZoneDb(enp::kDefaultWindowsZonesPath);
    return zones.ok() ? std::move(*zones) : nullptr;
  }();
  return *db;
}

}  // namespace

void sendNotification(const uint8_t* data, size_t size) {
  auto r = ews::parseSendNotification(view(data, size));
  if (r.ok()) {
    for (const auto& n : r->notifications) {
      (void)n.events.size();
    }
  }
}

void getItemResponse(const uint8_t* data, size_t size) {
  for (long status : {200L, 500L}) {
    auto r = ews::parseGetItemResponse(status, view(data, size));
    (void)r.ok();
  }
}

void registrationBody(const uint8_t* data, size_t size) {
  (void)enp::parseRegistrationBody(std::string(view(data, size)), zones());
}

void settingsDocument(const uint8_t* data, size_t size) {
  try {
    auto doc = Poco::JSON::Parser().parse(std::string(view(data, size)));
    auto obj = doc.extract<Poco::JSON::Object::Ptr>();
    if (obj) {
      (void)enp::settingsFromJson(*obj);
    }
  } catch (const std::exception&) {
    // Not JSON, or not an object: the CLI and API answer that before validation.
  }
}

}  // namespace fuzz
