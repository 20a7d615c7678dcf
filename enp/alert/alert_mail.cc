#include "enp/alert/alert_mail.h"

#include <algorithm>
#include <ctime>

namespace enp {
namespace {

// Firing before resolved, critical before warning, then by when they were first seen.
bool before(const PlannedAlert& x, const PlannedAlert& y) {
  const bool xr = x.kind == MailKind::kResolved, yr = y.kind == MailKind::kResolved;
  if (xr != yr) {
    return !xr;
  }
  if (x.alert.severity != y.alert.severity) {
    return x.alert.severity > y.alert.severity;
  }
  return x.alert.firstSeenAt < y.alert.firstSeenAt;
}

std::string times(int64_t n) { return n == 1 ? "once" : std::to_string(n) + " times"; }

std::string section(const PlannedAlert& p) {
  const Alert& a = p.alert;
  std::string out;
  if (p.kind == MailKind::kResolved) {
    out += "RESOLVED: " + a.title + "\n";
    out += "  Resolved at " + utcTime(a.resolvedAt) + "; it fired from " + utcTime(a.firstSeenAt) +
           ", seen " + times(a.count) + ".\n";
    out += "  It was: " + a.summary + "\n";
  } else {
    out += std::string(p.kind == MailKind::kRepeat ? "STILL FIRING" : "FIRING") + " (" +
           toString(a.severity) + "): " + a.title + "\n";
    out += "  What happened: " + a.summary + "\n";
    out += "  Since " + utcTime(a.firstSeenAt) + ", seen " + times(a.count) + ", last at " +
           utcTime(a.lastSeenAt) + ".\n";
    out += "  What to do: " + a.advice + "\n";
  }
  out += "  Alert key: " + a.key + "\n";
  return out;
}

}  // namespace

std::string utcTime(int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

MailMessage alertMail(const std::vector<PlannedAlert>& alerts, const AlertSettings& settings,
                      const MailContext& context) {
  std::vector<PlannedAlert> sorted = alerts;
  std::stable_sort(sorted.begin(), sorted.end(), before);
  const PlannedAlert& top = sorted.front();
  std::string tag = top.kind == MailKind::kResolved ? "resolved" : toString(top.alert.severity);
  std::string subject = "[ENP " + tag + "] " + top.alert.title;
  if (top.kind == MailKind::kRepeat) {
    subject += " (still firing)";
  }
  if (sorted.size() > 1) {
    subject += " (+" + std::to_string(sorted.size() - 1) + " more)";
  }
  size_t firing = 0;
  for (const auto& p : sorted) {
    firing += p.kind == MailKind::kResolved ? 0 : 1;
  }
  std::string body = "ENP (Email+ Notification Proxy) on " + context.hostName + ", " +
                     utcTime(context.nowMs) + ": ";
  body += firing == 0 ? "resolved.\n"
                      : std::to_string(firing) + " alert" + (firing == 1 ? "" : "s") + " firing.\n";
  for (const auto& p : sorted) {
    body += "\n" + section(p);
  }
  body += "\nConsole: " + context.consoleUrl + "\n";
  body += "\n-- \nENP sends this to alerts.recipients";
  if (settings.repeatMinutes > 0) {
    body += ", repeats it every " + std::to_string(settings.repeatMinutes) +
            " minutes while an alert fires";
  }
  body += settings.sendResolved ? " and says when it is resolved.\n" : ".\n";
  MailMessage m;
  m.from = settings.smtp.from;
  m.to = settings.recipients;
  m.subject = subject;
  m.body = body;
  m.dateMs = context.nowMs;
  m.messageIdDomain = context.hostName;
  return m;
}

}  // namespace enp
