// hostile_xml_bench: microseconds per parse of hostile (~1 MB-class) SOAP documents against a
// normal SendNotification and GetItem response. Each document is parsed repeatedly for at least
// --seconds (default 0.5) and at least once; the outcome (ok or the error) is printed with it.
// Both wall time and the thread's CPU time are given: on a shared machine the CPU time is the
// steadier number.
//
//   hostile_xml_bench [--seconds S] [--only SUBSTRING]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "ews/get_item.h"
#include "ews/notification.h"

namespace {

constexpr const char* kSoap = "http://schemas.xmlsoap.org/soap/envelope/";
constexpr const char* kMessages = "http://schemas.microsoft.com/exchange/services/2006/messages";
constexpr const char* kTypes = "http://schemas.microsoft.com/exchange/services/2006/types";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// attrs lands on the Envelope start tag, inner inside Notification after SubscriptionId.
std::string sendNotification(const std::string& envelopeAttrs, const std::string& inner) {
  return std::string("<s:Envelope xmlns:s='") + kSoap + "'" + envelopeAttrs + "><s:Body>" +
         "<m:SendNotification xmlns:m='" + kMessages + "' xmlns:t='" + kTypes + "'>" +
         "<m:ResponseMessages><m:SendNotificationResponseMessage ResponseClass='Success'>" +
         "<m:ResponseCode>NoError</m:ResponseCode>" + "<m:Notification>" +
         "<t:SubscriptionId>S</t:SubscriptionId>" + inner +
         "</m:Notification></m:SendNotificationResponseMessage></m:ResponseMessages>" +
         "</m:SendNotification></s:Body></s:Envelope>";
}

std::string manyAttributes(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += " a" + std::to_string(i) + "=''";
  }
  return out;
}

std::string repeat(const std::string& s, int count) {
  std::string out;
  out.reserve(s.size() * count);
  for (int i = 0; i < count; ++i) {
    out += s;
  }
  return out;
}

// CPU time of the calling thread, in microseconds.
double threadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

struct Case {
  std::string name;
  std::string text;
  std::function<std::string(const std::string&)> parse;  // "ok" or the error.
};

std::string parseNotification(const std::string& text) {
  const ews::Result<ews::SendNotification> r = ews::parseSendNotification(text);
  return r.ok() ? "ok" : r.error().describe();
}

std::string parseGetItem(const std::string& text) {
  const ews::Result<std::vector<ews::ItemResult>> r = ews::parseGetItemResponse(200, text);
  return r.ok() ? "ok" : r.error().describe();
}

std::vector<Case> cases() {
  const std::string source = ENP_SOURCE_DIR;
  std::vector<Case> c;
  c.push_back({"normal SendNotification (8 events)",
               readFile(source + "/tests/ews/data/sendnotification_all_events_moreevents.xml"),
               parseNotification});
  c.push_back({"normal GetItem response (3 items)",
               readFile(source + "/tests/ews/data/getitem_response_2013_mixed.xml"), parseGetItem});
  // The reported shape: 100k attributes on the root, 13k siblings with an undeclared prefix
  // and a local name the parser looks up, so each lookup used to scan the root's attributes.
  c.push_back({"100k root attributes + 13k undeclared-prefix siblings",
               sendNotification(manyAttributes(100'000), repeat("<p:NewMailEvent/>", 13'000)),
               parseNotification});
  c.push_back({"100k attributes on one element",
               sendNotification(manyAttributes(100'000), "<t:StatusEvent/>"), parseNotification});
  c.push_back({"13k nested elements, undeclared prefix",
               sendNotification("", repeat("<p:x>", 13'000) + repeat("</p:x>", 13'000)),
               parseNotification});
  c.push_back({"100k attributes over 2k elements",
               sendNotification("", repeat("<t:x" + manyAttributes(50) + "/>", 2'000)),
               parseNotification});
  // A SOAP fault is searched for descendants (detail/ResponseCode) by the GetItem parser.
  c.push_back({"fault: 100k root attributes + 13k nested p:ResponseCode",
               std::string("<s:Envelope xmlns:s='") + kSoap + "'" + manyAttributes(100'000) +
                   "><s:Body><s:Fault><faultcode>s:Server</faultcode><detail>" +
                   repeat("<p:ResponseCode>", 13'000) + repeat("</p:ResponseCode>", 13'000) +
                   "</detail></s:Fault></s:Body></s:Envelope>",
               parseGetItem});
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 0.5;
  std::string only;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--seconds") {
      seconds = std::atof(argv[i + 1]);
    } else if (std::string(argv[i]) == "--only") {
      only = argv[i + 1];
    }
  }
  std::printf("%-56s %9s %12s %12s %8s  %s\n", "document", "bytes", "wall us", "cpu us", "parses",
              "outcome");
  for (const Case& c : cases()) {
    if (c.name.find(only) == std::string::npos) {
      continue;
    }
    using Clock = std::chrono::steady_clock;
    const Clock::time_point start = Clock::now();
    const double cpuStart = threadCpuMicros();
    const Clock::time_point deadline =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    std::string outcome;
    long runs = 0;
    do {
      outcome = c.parse(c.text);
      ++runs;
    } while (Clock::now() < deadline);
    const double cpu = (threadCpuMicros() - cpuStart) / runs;
    const double wall =
        std::chrono::duration<double, std::micro>(Clock::now() - start).count() / runs;
    if (outcome.size() > 90) {
      outcome = outcome.substr(0, 90) + "...";
    }
    std::printf("%-56s %9zu %12.1f %12.1f %8ld  %s\n", c.name.c_str(), c.text.size(), wall, cpu,
                runs, outcome.c_str());
  }
  return 0;
}
