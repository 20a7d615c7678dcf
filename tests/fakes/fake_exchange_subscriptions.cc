#include "fake_exchange.h"

// FakeExchange's subscription side: Subscribe, FindItem and GetUserAvailability requests, and the
// control methods for push subscriptions (the HTTP plumbing and GetItem are in fake_exchange.cc).

#include <algorithm>
#include <cctype>
#include <functional>
#include <utility>

#include "availability_call.h"
#include "exchange_xml.h"
#include "find_item_call.h"
#include "subscribe_call.h"

namespace fakes {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool servedHere(const std::string& operation) {
  return operation == "Subscribe" || operation == "FindItem" || operation == "GetUserAvailability";
}

}  // namespace

std::string FakeExchange::backEndCookieFor(const std::string& mailbox) const {
  return options_.backEndServer + "~" +
         std::to_string(std::hash<std::string>{}(lower(mailbox)) % 4294967291u);
}

FakeExchange::Answer FakeExchange::subscriptionOperation(const Incoming& in, const SoapCall& call) {
  // The GetUserAvailability operation's body element is m:GetUserAvailabilityRequest.
  const std::string op = call.operationName == "GetUserAvailabilityRequest"
                             ? std::string("GetUserAvailability")
                             : call.operationName;
  if (!servedHere(op)) {
    std::lock_guard lock(mutex_);
    ++counters_.badRequests;
    return {500, soapFaultEnvelope(invalidRequestFault())};
  }
  if (schema_ != nullptr) {
    const std::string problem = schema_->validateSoap(in.body);
    if (!problem.empty()) {
      std::lock_guard lock(mutex_);
      ++counters_.schemaRejected;
      return {500, soapFaultEnvelope(schemaValidationFault(problem))};
    }
  }
  const bool impersonating = !call.impersonationKind.empty();
  const std::string mailbox = lower(impersonating ? call.impersonatedMailbox : in.user);
  const std::string cookie = backEndCookieFor(mailbox);
  bool subscribed = false;
  for (const SubscriptionInfo& s : push_.subscriptions()) {
    subscribed =
        subscribed || (s.mailbox == mailbox && s.state == SubscriptionInfo::State::kActive);
  }
  std::optional<ScriptedAnswer> scripted;
  {
    std::lock_guard lock(mutex_);
    ++(op == "Subscribe"  ? counters_.subscribes
       : op == "FindItem" ? counters_.findItems
                          : counters_.availabilityRequests);
    if (impersonating && lower(in.anchor) != mailbox) {
      ++counters_.anchorMismatches;
    }
    if (subscribed && in.cookie != cookie) {
      ++counters_.affinityMisses;
    }
    calls_.push_back({op, call.impersonationKind, call.impersonatedMailbox, in.anchor,
                      in.preferAffinity, in.cookie, in.soapAction, in.body, in.at});
    while (calls_.size() > options_.maxRecorded) {
      calls_.pop_front();
    }
    scripted = takeScripted(mailbox, op);
  }
  arrived_.notify_all();
  if (scripted) {
    if (scripted->kind == ScriptedAnswer::Kind::kDelay && !stop_.waitFor(scripted->delay)) {
      return {-1, {}};
    }
    Answer canned = scriptedAnswer(*scripted, op);
    if (canned.status != -2) {
      return canned;
    }
  }
  std::vector<FakeItem> items;
  {
    std::lock_guard lock(mutex_);
    const auto box = mailboxes_.find(mailbox);
    if (impersonating && box == mailboxes_.end() && !options_.synthesizeItems) {
      ++counters_.nonExistentMailbox;
      return {500, soapFaultEnvelope(nonExistentMailboxFault(call.impersonatedMailbox))};
    }
    if (impersonating && impersonationAllowed_ && !impersonationAllowed_->contains(mailbox)) {
      ++counters_.impersonationDenied;
      return {500, soapFaultEnvelope(impersonateUserDeniedFault())};
    }
    if (op == "FindItem" && box != mailboxes_.end()) {
      for (const auto& [id, item] : box->second) {
        items.push_back(item);
      }
    }
  }
  if (op == "Subscribe") {
    SubscribeRequestParse parsed = parseSubscribeRequest(call);
    if (!parsed.order) {
      return {200, renderSubscribeError(options_.version, parsed.errorCode, parsed.errorText)};
    }
    parsed.order->mailbox = mailbox;
    const SubscribeOutcome outcome = push_.subscribe(*parsed.order);
    if (!outcome.errorCode.empty()) {
      return {200, renderSubscribeError(options_.version, outcome.errorCode,
                                        "The watermark used for creating this subscription was "
                                        "not found.")};
    }
    Answer answer{200, renderSubscribeResponse(options_.version, outcome)};
    if (in.preferAffinity) {
      answer.headers.emplace_back(
          "Set-Cookie", "X-BackEndOverrideCookie=" + cookie + "; path=/; secure; HttpOnly");
    }
    return answer;
  }
  if (op == "FindItem") {
    const FindItemParse parsed = parseFindItemRequest(call);
    if (!parsed.query) {
      return {200,
              responseMessageError(options_.version, "FindItemResponse", "FindItemResponseMessage",
                                   parsed.errorCode, parsed.errorText)};
    }
    return {200, renderFindItemResponse(options_.version, *parsed.query,
                                        selectItems(*parsed.query, std::move(items)))};
  }
  const AvailabilityQuery query = parseAvailabilityRequest(call);
  return {200, renderAvailabilityResponse(options_.version, query, [this](const std::string& a) {
            std::lock_guard lock(mutex_);
            const std::string address = lower(a);
            AvailabilityAnswer answer;
            answer.exists = mailboxes_.contains(address) || options_.synthesizeItems;
            if (const auto hours = workingHours_.find(address); hours != workingHours_.end()) {
              answer.workingHours = hours->second;
            }
            return answer;
          })};
}

void FakeExchange::deliverMail(const std::string& mailbox, FakeItem item) {
  const std::string id = item.id;
  const std::string received = item.received;
  addItem(mailbox, std::move(item));
  push_.newMail(lower(mailbox), id, received);
}

void FakeExchange::setWorkingHours(const std::string& mailbox,
                                   std::optional<FakeWorkingHours> hours) {
  std::lock_guard lock(mutex_);
  if (hours) {
    workingHours_.insert_or_assign(lower(mailbox), std::move(*hours));
  } else {
    workingHours_.erase(lower(mailbox));
  }
}

void FakeExchange::restart() { push_.restart(); }

bool FakeExchange::dropSubscription(const std::string& subscriptionId) {
  return push_.drop(subscriptionId);
}

void FakeExchange::forgetEvents(const std::string& mailbox) { push_.forgetEvents(lower(mailbox)); }

void FakeExchange::setEventsKeptPerMailbox(size_t kept) { push_.setEventsKeptPerMailbox(kept); }

std::vector<SubscriptionInfo> FakeExchange::subscriptions() const { return push_.subscriptions(); }

std::vector<SentNotification> FakeExchange::sentNotifications() const { return push_.sent(); }

PushCounters FakeExchange::pushCounters() const { return push_.counters(); }

bool FakeExchange::waitForPush(const std::function<bool(const PushCounters&)>& done,
                               std::chrono::milliseconds timeout) const {
  return push_.waitFor(done, timeout);
}

std::vector<RecordedCall> FakeExchange::calls() const {
  std::lock_guard lock(mutex_);
  return {calls_.begin(), calls_.end()};
}

}  // namespace fakes
