#include "fixtures_json.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fakes {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string optString(const Object::Ptr& o, const std::string& key, std::string fallback = {}) {
  if (!o->has(key)) {
    return fallback;
  }
  if (!o->get(key).isString()) {
    throw std::runtime_error("fixtures: '" + key + "' must be a string");
  }
  return o->getValue<std::string>(key);
}

FakeAddress parseAddress(const Object::Ptr& o) {
  FakeAddress a;
  a.name = optString(o, "name");
  a.emailAddress = optString(o, "emailAddress");
  a.routingType = optString(o, "routingType", "SMTP");
  a.mailboxType = optString(o, "mailboxType", "Mailbox");
  return a;
}

FakeItem parseItem(const Object::Ptr& o) {
  FakeItem item;
  item.id = optString(o, "id");
  if (item.id.empty()) {
    throw std::runtime_error("fixtures: every item needs an 'id'");
  }
  item.changeKey = optString(o, "changeKey", item.changeKey);
  const std::string kind = optString(o, "kind", "message");
  if (kind == "meetingRequest") {
    item.kind = ItemKind::kMeetingRequest;
  } else if (kind != "message") {
    throw std::runtime_error("fixtures: item 'kind' must be message or meetingRequest");
  }
  item.itemClass = optString(o, "itemClass");
  if (Object::Ptr from = o->getObject("from")) {
    item.from = parseAddress(from);
  }
  if (Object::Ptr sender = o->getObject("sender")) {
    item.sender = parseAddress(sender);
  }
  item.senderSmtpAddress = optString(o, "senderSmtpAddress");
  item.subject = optString(o, "subject");
  item.body = optString(o, "body");
  item.preview = optString(o, "preview");
  item.received = optString(o, "received", item.received);
  item.importance = optString(o, "importance", item.importance);
  return item;
}

std::vector<std::string> stringArray(const Array::Ptr& a, const std::string& what) {
  std::vector<std::string> out;
  for (size_t i = 0; i < a->size(); ++i) {
    if (!a->get(i).isString()) {
      throw std::runtime_error("fixtures: '" + what + "' must hold strings");
    }
    out.push_back(a->getElement<std::string>(i));
  }
  return out;
}

int intMember(const Object::Ptr& o, const std::string& key, const std::string& what) {
  if (!o->has(key) || !o->get(key).isInteger()) {
    throw std::runtime_error("fixtures: " + what + "." + key + " must be an integer");
  }
  return o->getValue<int>(key);
}

// A mailbox's "workingHours": bias and periods, no daylight time.
FakeWorkingHours parseWorkingHours(const Object::Ptr& o, const std::string& smtp) {
  const std::string what = smtp + " workingHours";
  FakeWorkingHours hours;
  hours.bias = o->has("bias") ? intMember(o, "bias", what) : 0;
  Array::Ptr periods = o->getArray("periods");
  if (!periods) {
    throw std::runtime_error("fixtures: " + what + ".periods must be an array");
  }
  hours.periods.clear();
  for (size_t i = 0; i < periods->size(); ++i) {
    Object::Ptr p = periods->getObject(static_cast<unsigned>(i));
    if (!p) {
      throw std::runtime_error("fixtures: " + what + ".periods[" + std::to_string(i) +
                               "] is not an object");
    }
    const std::string at = what + ".periods[" + std::to_string(i) + "]";
    hours.periods.push_back(
        {optString(p, "days"), intMember(p, "start", at), intMember(p, "end", at)});
  }
  return hours;
}

}  // namespace

Fixtures parseFixturesJson(const std::string& json) {
  Object::Ptr root;
  try {
    root = Poco::JSON::Parser().parse(json).extract<Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("fixtures: not a JSON object: " + e.displayText());
  }
  Fixtures fixtures;
  if (Object::Ptr account = root->getObject("serviceAccount")) {
    fixtures.user = optString(account, "user");
    fixtures.password = optString(account, "password");
  }
  if (Array::Ptr allowed = root->getArray("impersonationAllowed")) {
    fixtures.impersonationAllowed = stringArray(allowed, "impersonationAllowed");
  }
  Array::Ptr mailboxes = root->getArray("mailboxes");
  if (!mailboxes) {
    throw std::runtime_error("fixtures: 'mailboxes' array is required");
  }
  for (size_t i = 0; i < mailboxes->size(); ++i) {
    Object::Ptr mailbox = mailboxes->getObject(static_cast<unsigned>(i));
    if (!mailbox) {
      throw std::runtime_error("fixtures: mailboxes[" + std::to_string(i) + "] is not an object");
    }
    const std::string smtp = optString(mailbox, "smtp");
    if (smtp.empty()) {
      throw std::runtime_error("fixtures: mailboxes[" + std::to_string(i) + "].smtp is required");
    }
    std::vector<FakeItem> items;
    if (Array::Ptr list = mailbox->getArray("items")) {
      for (size_t j = 0; j < list->size(); ++j) {
        Object::Ptr item = list->getObject(static_cast<unsigned>(j));
        if (!item) {
          throw std::runtime_error("fixtures: " + smtp + " items[" + std::to_string(j) +
                                   "] is not an object");
        }
        items.push_back(parseItem(item));
      }
    }
    fixtures.mailboxes.emplace_back(smtp, std::move(items));
    if (Object::Ptr hours = mailbox->getObject("workingHours")) {
      fixtures.workingHours.emplace_back(smtp, parseWorkingHours(hours, smtp));
    }
  }
  return fixtures;
}

Fixtures loadFixturesFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("fixtures: cannot open " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parseFixturesJson(text.str());
}

}  // namespace fakes
