#include <pugixml.hpp>

#include "ews/availability.h"
#include "ews/date_time.h"
#include "soap_request.h"

namespace ews {
namespace {

// A change that never happens: with both the zone has no daylight time.
void noChange(pugi::xml_node time) {
  time.append_child("t:Bias").text().set(0);
  time.append_child("t:Time").text().set("00:00:00");
  time.append_child("t:DayOrder").text().set(0);
  time.append_child("t:Month").text().set(0);
  time.append_child("t:DayOfWeek").text().set("Sunday");
}

}  // namespace

std::string buildGetUserAvailability(const AvailabilityRequest& request) {
  pugi::xml_document doc;
  pugi::xml_node body = detail::startEnvelope(doc, request.version, request.mailbox);
  pugi::xml_node get = body.append_child("m:GetUserAvailabilityRequest");
  pugi::xml_node zone = get.append_child("t:TimeZone");
  zone.append_child("t:Bias").text().set(0);
  noChange(zone.append_child("t:StandardTime"));
  noChange(zone.append_child("t:DaylightTime"));
  pugi::xml_node data = get.append_child("m:MailboxDataArray").append_child("t:MailboxData");
  data.append_child("t:Email").append_child("t:Address").text().set(request.mailbox.c_str());
  data.append_child("t:AttendeeType").text().set("Required");
  data.append_child("t:ExcludeConflicts").text().set("false");
  pugi::xml_node options = get.append_child("t:FreeBusyViewOptions");
  pugi::xml_node window = options.append_child("t:TimeWindow");
  window.append_child("t:StartTime").text().set(formatDateTimeMs(request.windowStartMs).c_str());
  window.append_child("t:EndTime").text().set(formatDateTimeMs(request.windowEndMs).c_str());
  options.append_child("t:RequestedView").text().set("FreeBusy");
  return detail::serialize(doc);
}

}  // namespace ews
