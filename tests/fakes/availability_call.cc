#include "availability_call.h"

#include "exchange_xml.h"
#include "xml_ns.h"

namespace fakes {
namespace {

std::string change(const char* name, const FakeTimeChange& c) {
  return std::string("<t:") + name + "><t:Bias>" + std::to_string(c.bias) + "</t:Bias><t:Time>" +
         xmlEscape(c.time) + "</t:Time><t:DayOrder>" + std::to_string(c.dayOrder) +
         "</t:DayOrder><t:Month>" + std::to_string(c.month) + "</t:Month><t:DayOfWeek>" +
         xmlEscape(c.dayOfWeek) + "</t:DayOfWeek></t:" + name + ">";
}

std::string workingHours(const FakeWorkingHours& h) {
  std::string out = "<t:WorkingHours><t:TimeZone><t:Bias>" + std::to_string(h.bias) + "</t:Bias>" +
                    change("StandardTime", h.standard) + change("DaylightTime", h.daylight) +
                    "</t:TimeZone><t:WorkingPeriodArray>";
  for (const FakeWorkingHours::Period& p : h.periods) {
    out += "<t:WorkingPeriod><t:DayOfWeek>" + xmlEscape(p.days) +
           "</t:DayOfWeek><t:StartTimeInMinutes>" + std::to_string(p.startMinute) +
           "</t:StartTimeInMinutes><t:EndTimeInMinutes>" + std::to_string(p.endMinute) +
           "</t:EndTimeInMinutes></t:WorkingPeriod>";
  }
  return out + "</t:WorkingPeriodArray></t:WorkingHours>";
}

}  // namespace

AvailabilityQuery parseAvailabilityRequest(const SoapCall& call) {
  AvailabilityQuery q;
  for (const pugi::xml_node data :
       children(child(call.operation, kMessagesNs, "MailboxDataArray"), kTypesNs, "MailboxData")) {
    q.addresses.push_back(trimmedText(child(child(data, kTypesNs, "Email"), kTypesNs, "Address")));
  }
  q.requestedView = trimmedText(
      child(child(call.operation, kTypesNs, "FreeBusyViewOptions"), kTypesNs, "RequestedView"));
  return q;
}

std::string renderAvailabilityResponse(
    const ServerVersionInfo& version, const AvailabilityQuery& query,
    const std::function<AvailabilityAnswer(const std::string&)>& lookup) {
  const std::string view = query.requestedView.empty() ? "FreeBusy" : query.requestedView;
  std::string body =
      "<m:GetUserAvailabilityResponse "
      "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" "
      "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">"
      "<m:FreeBusyResponseArray>";
  for (const std::string& address : query.addresses) {
    const AvailabilityAnswer answer = lookup(address);
    body += "<m:FreeBusyResponse>";
    if (!answer.exists) {
      body +=
          "<m:ResponseMessage ResponseClass=\"Error\"><m:MessageText>No mailbox with such guid."
          "</m:MessageText><m:ResponseCode>ErrorMailRecipientNotFound</m:ResponseCode>"
          "<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:ResponseMessage>";
    } else {
      body +=
          "<m:ResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError</m:ResponseCode>"
          "</m:ResponseMessage><m:FreeBusyView><t:FreeBusyViewType>" +
          xmlEscape(view) + "</t:FreeBusyViewType>";
      if (answer.workingHours) {
        body += workingHours(*answer.workingHours);
      }
      body += "</m:FreeBusyView>";
    }
    body += "</m:FreeBusyResponse>";
  }
  body += "</m:FreeBusyResponseArray></m:GetUserAvailabilityResponse>";
  return soapResponseEnvelope(version, body);
}

}  // namespace fakes
