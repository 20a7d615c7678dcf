#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "enp/config/settings.h"
#include "enp/decide/failure.h"
#include "enp/http/async_handler.h"
#include "enp/http/async_io.h"
#include "enp/source/mail.h"
#include "enp/store/event_store.h"
#include "enp/store/registration_store.h"

namespace enp {

/// What a reader made of the queued events of one registration.
struct ReadBatch {
  /// The upstream the mail was read from ("exchange:mail1"): the key of its breaker and of its
  /// line on the dashboard.
  std::string upstream;
  /// Set when nothing could be read: the failure applies to every event.
  std::optional<Failure> failure;
  /// Otherwise one entry per event, in the order given: the mail, or why this one failed.
  std::vector<std::variant<Mail, Failure>> items;
};

/// Reads queued mail of one mail system for one worker thread: it holds that worker's
/// connections, so it is used by one thread at a time and needs no locks.
class MailReader {
 public:
  virtual ~MailReader() = default;

  /// Brings the reader up to date with `settings` (cheap when they are the ones it has).
  virtual void configure(const std::shared_ptr<const Settings>& settings) = 0;

  /// The upstream `registration`'s mail is read from ("exchange:mail1"), or a kNotConfigured
  /// Failure when no configured server serves it. Makes no request.
  virtual std::variant<std::string, Failure> upstreamFor(const Registration& registration) = 0;

  /// Reads the mails of `events` (all of `registration`; at least one), with as few requests as
  /// the mail system allows. Blocking; never throws.
  virtual ReadBatch read(const Registration& registration,
                         const std::vector<QueuedEvent>& events) = 0;
  /// read() without a thread waiting for the answers: the requests go out on io.http and the
  /// coroutine resumes when they are answered. The default runs read() on io.blocking.
  virtual boost::asio::awaitable<ReadBatch> readAsync(const Registration& registration,
                                                      const std::vector<QueuedEvent>& events,
                                                      AsyncIo& io) {
    co_return co_await offload(io.blocking, [&] { return read(registration, events); });
  }
};
using MailReaderPtr = std::unique_ptr<MailReader>;

/// One mail system ENP serves (DESIGN §6.7): how its new-mail events arrive, how a queued
/// item's mail is read, and (later) how its subscriptions are kept. The queue, dedup, rules,
/// decisions, privacy cap, retries and sinks are shared by all sources.
/// Thread safety: every member may be called from any thread.
class Source {
 public:
  virtual ~Source() = default;

  /// Short lower-case name for logs and metrics: "ews".
  virtual std::string_view name() const = 0;

  /// True when this source reads `registration`'s mail.
  virtual bool serves(const Registration& registration) const = 0;

  /// A reader for one worker thread.
  virtual MailReaderPtr newReader() = 0;

  /// A handler for a request to the public listener at `path` when the path is one of this
  /// source's callbacks (Exchange's push notifications, Graph's change notifications), else
  /// null. It answers once its commit is over, without holding a thread meanwhile. Default:
  /// none.
  virtual std::unique_ptr<http::AsyncHandler> asyncCallbackHandler(const std::string& /*path*/) {
    return nullptr;
  }

  /// Starts what the mail system needs in the background (keeping subscriptions, watching
  /// mailboxes), once the public listener is up. Default: nothing.
  virtual void start() {}
  /// Stops it; called before the store closes. Default: nothing.
  virtual void stop() {}
};
using SourcePtr = std::unique_ptr<Source>;

}  // namespace enp
