#include "enp/admin/handlers/registrations_handler.h"

#include <Poco/JSON/Parser.h>

#include "enp/decide/policy_json.h"
#include "enp/source/watch/watch_board.h"

namespace enp::admin {
namespace {

// The first 8 bytes of a device token and "…", cut before a character that would not fit whole.
// The first 8 and (for a long token) the last 4 bytes, cut at character boundaries: enough to
// tell a user's devices apart, never the token.
std::string tokenHint(const std::string& token) {
  if (token.size() <= 8) {
    return token;
  }
  size_t end = 8;
  while (end > 0 && (static_cast<unsigned char>(token[end]) & 0xC0) == 0x80) {
    --end;  // token[end] continues a character that started before it.
  }
  if (token.size() <= 16) {
    return token.substr(0, end) + "\u2026";
  }
  size_t tail = token.size() - 4;
  while (tail < token.size() && (static_cast<unsigned char>(token[tail]) & 0xC0) == 0x80) {
    ++tail;  // start the tail at a character's first byte
  }
  return token.substr(0, end) + "\u2026" + token.substr(tail);
}

Poco::JSON::Object summary(const Registration& r) {
  Poco::JSON::Object o;
  o.set("id", r.id);
  o.set("mailbox", r.mailbox);
  o.set("platform", r.platform);
  o.set("deviceToken", tokenHint(r.deviceToken));
  o.set("keyLabel", r.keyLabel);
  o.set("createdAt", r.createdAt);
  o.set("updatedAt", r.updatedAt);
  if (r.revokedAt) {
    o.set("revokedAt", *r.revokedAt);
  }
  if (r.lastSeenAt) {
    o.set("lastSeenAt", *r.lastSeenAt);
    if (!r.lastWatermark.empty()) {
      o.set("lastWatermarkAt", *r.lastSeenAt);  // every callback carries the newest watermark
    }
  }
  return o;
}

void setIfNotEmpty(Poco::JSON::Object& o, const std::string& key, const std::string& value) {
  if (!value.empty()) {
    o.set(key, value);
  }
}

}  // namespace

void RegistrationsHandler::addRoutes(RouteTable* routes) {
  const std::string base = "/api/v1/admin/registrations";
  routes->push_back({.method = "GET",
                     .pattern = base,
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { list(c); },
                     .role = Role::kHelpdesk});
  routes->push_back({.method = "GET",
                     .pattern = base + "/{id}",
                     .access = Access::kAny,
                     .handler = [this](AdminCall& c) { get(c); },
                     .role = Role::kHelpdesk});
  routes->push_back(
      {"DELETE", base + "/{id}", Access::kAny, true, false, [this](AdminCall& c) { revoke(c); }});
}

void RegistrationsHandler::list(AdminCall& call) {
  const Result<std::vector<Registration>> found = registrations_.list(
      call.query("q", call.query("mailbox")), call.queryInt("limit", 100, 1, 500));
  if (!found.ok()) {
    call.sendInternalError(found.error());
    return;
  }
  Poco::JSON::Array out;
  for (const auto& r : *found) {
    out.add(summary(r));
  }
  call.sendJson(200, out);
}

void RegistrationsHandler::get(AdminCall& call) {
  const Result<Registration> r = registrations_.findById(call.param("id"));
  if (!r.ok()) {
    call.sendLookupFailure(r.error(), "no such registration");
    return;
  }
  Poco::JSON::Object o = summary(*r);
  o.set("policy", Poco::JSON::Parser().parse(r->policyJson));
  const auto recent = decisions_.recent(r->id, call.queryInt("decisions", 50, 1, 500));
  if (!recent.ok()) {
    call.sendError(503, recent.error().message());
    return;
  }
  Poco::JSON::Array decisions;
  for (const auto& d : *recent) {
    Poco::JSON::Object e;
    e.set("at", d.decidedAt);
    e.set("itemId", d.itemId);
    e.set("outcome", std::string(toString(d.outcome)));
    e.set("rule", d.rule);
    e.set("reason", d.reason);
    e.set("localTime", d.localTime);
    e.set("zone", d.zone);
    decisions.add(e);
  }
  o.set("decisions", decisions);
  Poco::JSON::Object subscription;
  const Result<SubscriptionRecord> record = subscriptions_.find(r->id);
  if (r->revokedAt && (record.ok() || record.error().code() == StatusCode::kNotFound)) {
    // The keeper no longer looks at it (the stored state is where it stopped): Exchange is
    // answered Unsubscribe at its next callback and nothing subscribes it again.
    subscription.set("state", "revoked");
    subscription.set("endedAt", *r->revokedAt);
    if (record.ok() && record->subscribedAt != 0) {
      subscription.set("subscribedAt", record->subscribedAt);
    }
    subscription.set("attempts", 0);
  } else if (record.ok()) {
    subscription.set("state", std::string(toString(record->state)));
    if (!record->failure.empty()) {
      subscription.set("failure", record->failure);
    }
    if (record->subscribedAt != 0) {
      subscription.set("subscribedAt", record->subscribedAt);
    }
    subscription.set("attempts", record->attempts);
  } else if (record.error().code() == StatusCode::kNotFound) {
    subscription.set("state", std::string(toString(SubscriptionState::kAppManaged)));
    subscription.set("attempts", 0);
  } else {
    call.sendError(503, record.error().message());
    return;
  }
  o.set("subscription", subscription);
  if (const Result<MailAccount> account = mailAccounts_.find(r->id); account.ok()) {
    Poco::JSON::Object a;
    a.set("server", account->server);
    a.set("username", account->username);
    a.set("folder", account->folder);
    a.set("passwordChangedAt", account->passwordChangedAt);
    if (mailboxBoard_ != nullptr) {
      if (const std::optional<WatchStatus> w = mailboxBoard_->find(r->id)) {
        Poco::JSON::Object c;
        c.set("state", std::string(toString(w->state)));
        c.set("since", w->sinceMs);
        if (!w->detail.empty()) {
          c.set("detail", w->detail);
        }
        if (w->retryAtMs != 0) {
          c.set("retryAt", w->retryAtMs);
        }
        if (w->lastMailMs != 0) {
          c.set("lastMailAt", w->lastMailMs);
        }
        a.set("connection", c);
      }
    }
    o.set("account", a);
  } else if (account.error().code() != StatusCode::kNotFound) {
    call.sendError(503, account.error().message());
    return;
  }
  if (!addGraphSubscription(call, *r, &o)) {
    return;
  }
  o.set("workHoursFrom", toString(r->workHoursFrom));
  if (r->workHoursFrom == WorkHoursFrom::kMailbox) {
    Poco::JSON::Object hours;
    const Result<MailboxHours> h = mailboxHours_.find(r->mailbox);
    if (h.ok()) {
      hours.set("state", std::string(toString(h->state)));
      if (h->state == MailboxHours::State::kFound) {
        const rules::WorkHours wh{h->days, h->startMinute, h->endMinute};
        if (!h->timeZone.empty()) {
          hours.set("timeZone", h->timeZone);
        }
        hours.set("workHours", workHoursToJson(wh));
      }
      setIfNotEmpty(hours, "notes", h->notes);
      setIfNotEmpty(hours, "error", h->error);
      if (h->readAt != 0) {
        hours.set("readAt", h->readAt);
      }
      hours.set("nextReadAt", h->nextReadAt);
    } else if (h.error().code() == StatusCode::kNotFound) {
      hours.set("state", "pending");
    } else {
      call.sendError(503, h.error().message());
      return;
    }
    o.set("mailboxHours", hours);
  }
  call.sendJson(200, o);
}

bool RegistrationsHandler::addGraphSubscription(AdminCall& call, const Registration& r,
                                                Poco::JSON::Object* o) {
  const Result<GraphSubscriptionRecord> record = graphSubscriptions_.find(r.id);
  const GraphTenant* tenant = settings_.get(call.nowMs())->graphFor(r.mailbox);
  Poco::JSON::Object g;
  if (record.ok()) {
    g.set("tenant", record->tenant);
    g.set("state", std::string(toString(record->state)));
    const std::pair<const char*, int64_t> times[] = {{"createdAt", record->createdAt},
                                                     {"expiresAt", record->expiresAt},
                                                     {"renewAt", record->renewAt}};
    for (const auto& [key, at] : times) {
      if (at != 0) {
        g.set(key, at);
      }
    }
    setIfNotEmpty(g, "failure", record->failure);
    g.set("attempts", record->attempts);
  } else if (record.error().code() != StatusCode::kNotFound) {
    call.sendError(503, record.error().message());
    return false;
  } else if (tenant == nullptr) {
    return true;  // Not a Graph mailbox.
  } else {
    g.set("tenant", tenant->name);
    g.set("state", std::string(toString(GraphSubscriptionState::kPending)));
    g.set("attempts", 0);
  }
  if (r.lastSeenAt) {
    g.set("lastNotificationAt", *r.lastSeenAt);  // Graph notifications stamp lastSeenAt.
  }
  o->set("graphSubscription", g);
  return true;
}

void RegistrationsHandler::revoke(AdminCall& call) {
  const Result<Registration> r = registrations_.findById(call.param("id"));
  if (!r.ok()) {
    call.sendLookupFailure(r.error(), "no such registration");
    return;
  }
  if (Status revoked = registrations_.revoke(r->id, call.nowMs()); !revoked.ok()) {
    call.sendInternalError(revoked);
    return;
  }
  Poco::JSON::Object details;
  details.set("mailbox", r->mailbox);
  if (!call.audit("registration.revoke", r->id, details)) {
    return;
  }
  call.sendNoContent();
}

}  // namespace enp::admin
