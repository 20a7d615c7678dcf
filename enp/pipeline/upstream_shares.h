#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace enp {

/// Which upstream (an Exchange server, a Graph tenant, a mail server: MailReader::upstreamFor)
/// each registration's mail is read from, and how many batches of each upstream run and wait:
/// the dispatcher's means to share the slots among upstreams, so that one slow to answer,
/// holding every slot it gets, does not hold back the others' mail. Group 0 stands for a
/// registration whose upstream is not known (yet). Not thread-safe: the pipeline calls it under
/// its own lock.
class UpstreamShares {
 public:
  static constexpr size_t kUnknown = 0;

  /// Registrations remembered at most; beyond, the memory starts over (each is looked up again).
  explicit UpstreamShares(size_t maxRegistrations = 100000);

  /// The registration's group, if its upstream was learned.
  std::optional<size_t> groupOf(const std::string& registrationId) const;
  /// Remembers the registration's upstream ("" when it has none: a group of its own too).
  size_t learn(const std::string& registrationId, const std::string& upstream);

  /// The settings changed (a domain may be served by another server now): each registration
  /// is looked up again; the groups and their counts stay.
  void forgetRegistrations() { groupOf_.clear(); }

  void readyAdded(size_t group) { ++groups_[group].ready; }
  void readyTaken(size_t group) { --groups_[group].ready; }
  void readyCleared();
  void started(size_t group) { ++groups_[group].active; }
  void ended(size_t group) { --groups_[group].active; }
  size_t active(size_t group) const { return groups_[group].active; }
  size_t ready(size_t group) const { return groups_[group].ready; }

  /// The fewest batches running of a group that has events ready; nullopt when none has.
  std::optional<size_t> fewestActiveWithReady() const;
  /// Groups with batches running or events ready.
  size_t busy() const;
  /// The batches `group` may have running or ready as its share of `limit` slots divided among
  /// the groups with work, itself counted: at least 1.
  size_t share(size_t group, size_t limit) const;
  /// The batches an upstream may have running while every one of `limit` slots is taken: the
  /// slots divided among the groups with work, at least 1.
  size_t shareOfBusy(size_t limit) const;

 private:
  struct Group {
    size_t active = 0;
    size_t ready = 0;
  };
  const size_t maxRegistrations_;
  std::unordered_map<std::string, size_t> groupOf_;  // registration -> group
  std::map<std::string, size_t> ids_;                // upstream -> group
  std::vector<Group> groups_;                        // [kUnknown]: not known
};

}  // namespace enp
