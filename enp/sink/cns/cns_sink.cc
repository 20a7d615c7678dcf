#include "enp/sink/cns/cns_sink.h"

#include "enp/sink/cns/cns_config.h"

namespace enp {
namespace {

Failure cnsFailure(FailureKind kind, std::string detail, std::string advice) {
  Failure f;
  f.kind = kind;
  f.system = "cns";
  f.detail = std::move(detail);
  f.advice = std::move(advice);
  return f;
}

}  // namespace

std::optional<Failure> CnsSink::configure(const std::shared_ptr<const Settings>& settings) {
  if (settings == settings_) {
    return unusable_;
  }
  settings_ = settings;
  unusable_.reset();
  client_.reset();
  signer_.reset();
  transport_.reset();
  Result<CnsConfig> config = toCnsConfig(settings->cns);
  Result<CnsSignerPtr> signer = config.ok() ? CnsSigner::create(*config) : config.error();
  if (!signer.ok()) {
    unusable_ = cnsFailure(FailureKind::kNotConfigured, signer.error().message(),
                           "complete the CNS settings (URL, token, signing key)");
    return unusable_;
  }
  signer_ = std::move(*signer);
  transport_ = lazyTransport(transports_, ews::TransportOptions{});
  client_ = std::make_unique<CnsClient>(*transport_, *signer_, config->url, config->token);
  return std::nullopt;
}

std::optional<Failure> CnsSink::notConfigured() const {
  return unusable_ ? unusable_
                   : cnsFailure(FailureKind::kNotConfigured, "cns: not configured",
                                "complete the CNS settings (URL, token, signing key)");
}

std::optional<Failure> CnsSink::toFailure(const SinkResult& r) {
  switch (r.outcome) {
    case SinkResult::Outcome::kDelivered:
      return std::nullopt;
    case SinkResult::Outcome::kRetry: {
      Failure f = cnsFailure(r.httpStatus == 429 ? FailureKind::kBusy : FailureKind::kUnreachable,
                             "CNS: " + r.detail,
                             "ENP retries with backoff; if it persists, check the CNS URL and the "
                             "network path to it");
      f.retryAfter = r.retryAfter;
      return f;
    }
    case SinkResult::Outcome::kDeadLetter:
      return cnsFailure(FailureKind::kRefused, r.detail,
                        r.httpStatus == 401 || r.httpStatus == 403
                            ? "check the CNS token, organisation id and signing key (Send test on "
                              "the CNS page)"
                            : "check the CNS settings (Send test on the CNS page)");
  }
  return std::nullopt;
}

std::optional<Failure> CnsSink::deliver(const Notification& notification,
                                        std::chrono::system_clock::time_point now) {
  if (!client_) {
    return notConfigured();
  }
  return toFailure(
      client_->deliver(notification.deviceToken, notification.jti, notification.claim, now));
}

boost::asio::awaitable<std::optional<Failure>> CnsSink::deliverAsync(
    const Notification& notification, std::chrono::system_clock::time_point now, AsyncIo& io) {
  if (!client_) {
    co_return notConfigured();
  }
  const std::optional<ews::HttpRequest> request =
      client_->request(notification.deviceToken, notification.jti, notification.claim, now);
  if (!request) {
    co_return toFailure(CnsClient::signingFailed());
  }
  const ews::TransportOptions options;  // named: see ews::CurlMulti::asyncSend
  const ews::Result<ews::HttpReply> reply =
      co_await io.http->asyncSend(options, *request, boost::asio::use_awaitable);
  co_return toFailure(CnsClient::answer(reply, now));
}

}  // namespace enp
