// FakeGraph's delta query on the Inbox (GET /v1.0/users/{mailbox}/mailFolders('Inbox')/messages/
// delta), as Graph pages it: @odata.nextLink with a $skiptoken while pages remain, then an
// @odata.deltaLink with a $deltatoken that the next round starts from.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>

#include <algorithm>

#include "fake_graph.h"
#include "fake_graph_wire.h"

namespace fakes {
namespace {

// One round's position: changes after `since` up to `upto` (change sequence numbers), from the
// `offset`th on, with receivedDateTime at or after `filterUs` (-1: no filter).
struct Position {
  uint64_t since = 0;
  uint64_t upto = 0;
  uint64_t offset = 0;
  int64_t filterUs = -1;
};

std::string skipToken(const Position& p) {
  return std::to_string(p.since) + "." + std::to_string(p.upto) + "." + std::to_string(p.offset) +
         "." + std::to_string(p.filterUs);
}

std::string deltaToken(const Position& p) {
  return std::to_string(p.upto) + "." + std::to_string(p.filterUs);
}

// "a.b.c" -> numbers; nullopt when a part is not one.
std::optional<std::vector<int64_t>> numbers(const std::string& token, size_t count) {
  Poco::StringTokenizer parts(token, ".");
  if (parts.count() != count) {
    return std::nullopt;
  }
  std::vector<int64_t> out;
  for (const std::string& p : parts) {
    Poco::Int64 n = 0;
    if (!Poco::NumberParser::tryParse64(p, n)) {
      return std::nullopt;
    }
    out.push_back(n);
  }
  return out;
}

std::map<std::string, std::string> queryParameters(const std::string& raw) {
  std::map<std::string, std::string> out;
  Poco::StringTokenizer pairs(raw, "&", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  for (const std::string& pair : pairs) {
    const size_t eq = pair.find('=');
    std::string key, value;
    Poco::URI::decode(pair.substr(0, eq), key);
    if (eq != std::string::npos) {
      Poco::URI::decode(pair.substr(eq + 1), value, true);
    }
    out[key] = value;
  }
  return out;
}

}  // namespace

FakeGraph::Answer FakeGraph::delta(const std::string& mailbox, const std::string& rawQuery) {
  const auto query = queryParameters(rawQuery);
  std::unique_lock lock(mutex_);
  ++counters_.deltaRequests;
  changed_.notify_all();
  std::string decoded;
  Poco::URI::decode(rawQuery, decoded, true);
  lastDeltaQuery_ = decoded;
  if (mailboxes_.count(mailbox) == 0) {
    return {404,
            graphError("ErrorInvalidUser", "The requested user '" + mailbox + "' is invalid.")};
  }
  Position at;
  if (auto skip = query.find("$skiptoken"); skip != query.end()) {
    const auto n = numbers(skip->second, 4);
    if (!n) {
      ++counters_.deltaGone;
      return {410, graphError("SyncStateNotFound", "The sync state generation is not found.")};
    }
    at = {static_cast<uint64_t>((*n)[0]), static_cast<uint64_t>((*n)[1]),
          static_cast<uint64_t>((*n)[2]), (*n)[3]};
  } else if (auto dt = query.find("$deltatoken"); dt != query.end()) {
    const auto n = numbers(dt->second, 2);
    if (!n || static_cast<uint64_t>((*n)[0]) > changeSeq_ || loseDeltaState_) {
      loseDeltaState_ = false;
      ++counters_.deltaGone;
      return {410, graphError("SyncStateNotFound", "The sync state generation is not found.")};
    }
    ++counters_.deltaFollowUps;
    at = {static_cast<uint64_t>((*n)[0]), changeSeq_, 0, (*n)[1]};
  } else {
    // The initial round: everything in the Inbox; Graph accepts one filter on messages,
    // receivedDateTime ge (or gt) a date.
    ++counters_.deltaInitialRounds;
    at = {0, changeSeq_, 0, -1};
    if (auto f = query.find("$filter"); f != query.end()) {
      const std::string ge = "receivedDateTime ge ";
      const auto since =
          f->second.rfind(ge, 0) == 0 ? parseDateTime(f->second.substr(ge.size())) : std::nullopt;
      if (!since) {
        return {400, graphError("ErrorInvalidUrlQueryFilter",
                                "The query filter contains one or more invalid nodes.")};
      }
      at.filterUs =
          std::chrono::duration_cast<std::chrono::microseconds>(since->time_since_epoch()).count();
    }
  }
  // The round's changes, oldest first.
  std::vector<std::pair<uint64_t, const FakeGraphMessage*>> changes;
  for (const auto& [id, seq] : changedAt_[mailbox]) {
    if (seq <= at.since || seq > at.upto) {
      continue;
    }
    const FakeGraphMessage& m = mailboxes_[mailbox][id];
    const auto received = parseDateTime(m.receivedDateTime);
    if (at.filterUs >= 0 && (!received || std::chrono::duration_cast<std::chrono::microseconds>(
                                              received->time_since_epoch())
                                                  .count() < at.filterUs)) {
      continue;
    }
    changes.emplace_back(seq, &m);
  }
  std::sort(changes.begin(), changes.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  Poco::JSON::Array value;
  const size_t pageSize = static_cast<size_t>(std::max(1, options_.deltaPageSize));
  const size_t end = std::min(changes.size(), static_cast<size_t>(at.offset) + pageSize);
  for (size_t i = static_cast<size_t>(at.offset); i < end; ++i) {
    const FakeGraphMessage& m = *changes[i].second;
    Poco::JSON::Object o;
    o.set("@odata.type", std::string("#microsoft.graph.message"));
    o.set("@odata.etag", "W/\"CQAAABYAAAA" + std::to_string(changes[i].first) + "\"");
    o.set("id", m.id);
    o.set("receivedDateTime", m.receivedDateTime);
    value.add(o);
  }
  const std::string base =
      url() + "/v1.0/users/" + mailbox + "/mailFolders('Inbox')/messages/delta?";
  Poco::JSON::Object out;
  out.set("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#Collection(message)");
  if (end < changes.size()) {
    Position next = at;
    next.offset = end;
    out.set("@odata.nextLink", base + "$skiptoken=" + skipToken(next));
  } else {
    out.set("@odata.deltaLink", base + "$deltatoken=" + deltaToken(at));
  }
  out.set("value", value);
  return {200, stringify(out)};
}

}  // namespace fakes
