#include "enp/cluster/cluster_heartbeat.h"

#include "enp/common/log.h"

namespace enp::cluster {
namespace {

spdlog::logger& logger() { return log::get(log::Id::kCluster); }

std::string listOf(const std::vector<int>& shares) {
  std::string out;
  for (const int s : shares) {
    out += (out.empty() ? "" : ",") + std::to_string(s);
  }
  return out;
}

}  // namespace

ClusterHeartbeat::ClusterHeartbeat(Deps deps, Options options)
    : deps_(std::move(deps)), options_(options) {}

ClusterHeartbeat::~ClusterHeartbeat() { stop(); }

Status ClusterHeartbeat::beat() {
  std::lock_guard beating(beatMutex_);
  const int64_t now = deps_.clock.nowMs();
  std::optional<int> release;
  const bool over = fairPart_ > 0 && static_cast<int>(held_.size()) > fairPart_;
  // One share in passage at a time: while one given away is not yet taken, none more goes.
  const Result<bool> inPassage = over ? deps_.store.anyFree(kShareCount) : Result<bool>(false);
  if (over && inPassage.ok() && !*inPassage) {
    // More than our part: the highest share goes, one per beat. This node stops working on it
    // before the database says it is free, so no two nodes ever work on it together.
    release = held_.back();
    deps_.book.drop(*release);
  }
  const Result<ClusterBeat> beat =
      deps_.store.beat(deps_.node, kShareCount, now, options_.expiry.count(), release);
  if (!beat.ok()) {
    // The lease runs out by itself: the book stops owning the shares at its end.
    logger().error("heartbeat: {}", beat.error().message());
    return beat.error();
  }
  if (beat->otherStart && beaten_) {
    logger().error(
        "another process beats as node {} (its row had another start time): every node needs "
        "a [cluster] node_name of its own, else both work on the same shares",
        deps_.node.name);
  }
  beaten_ = true;
  if (!beat->taken.empty()) {
    logger().info("took shares {} ({} live nodes, fair part {}, holding {})", listOf(beat->taken),
                  beat->liveNodes, beat->fairPart, beat->held.size());
  }
  if (beat->gave) {
    logger().info("gave share {} away ({} live nodes, fair part {}, holding {})", *beat->gave,
                  beat->liveNodes, beat->fairPart, beat->held.size());
  }
  if (beat->taken.empty() && !beat->gave && beat->held.size() < held_.size()) {
    logger().warn("lost shares to other nodes (holding {} of {}): this node's heartbeat was late",
                  beat->held.size(), held_.size());
  }
  held_ = beat->held;
  fairPart_ = beat->fairPart;
  // Work stops a heartbeat before the lease ends: a node that can no longer renew has let its
  // shares go before another node may take them.
  deps_.book.hold(held_, beat->heldUntil - options_.heartbeat.count());
  return Status();
}

void ClusterHeartbeat::start() {
  logger().info("node {}: heartbeat every {} ms, expiry {} ms", deps_.node.name,
                options_.heartbeat.count(), options_.expiry.count());
  (void)beat();  // logged; the lease runs out by itself
  thread_ = std::thread([this] { loop(); });
}

void ClusterHeartbeat::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (wake_.wait_for(lock, options_.heartbeat, [this] { return stopping_; })) {
      break;
    }
    lock.unlock();
    (void)beat();
    lock.lock();
  }
}

void ClusterHeartbeat::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return;
    }
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
  std::lock_guard beating(beatMutex_);
  if (!beaten_) {
    return;  // never beat: nothing to let go
  }
  deps_.book.dropAll();
  if (const Status left = deps_.store.leave(deps_.node.name, deps_.clock.nowMs()); !left.ok()) {
    logger().warn("stop: {} (the other nodes take the shares after the expiry)", left.message());
    return;
  }
  logger().info("node {} stopped: {} shares released", deps_.node.name, held_.size());
  held_.clear();
}

}  // namespace enp::cluster
