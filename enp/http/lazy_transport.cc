#include "enp/http/transport_factory.h"

namespace enp {
namespace {

class LazyTransport : public ews::Transport {
 public:
  LazyTransport(TransportFactory factory, ews::TransportOptions options)
      : factory_(std::move(factory)), options_(std::move(options)) {}

  ews::Result<ews::HttpReply> post(const ews::HttpRequest& request) override {
    if (!made_) {
      made_ = factory_(options_);
    }
    return made_->post(request);
  }

 private:
  const TransportFactory factory_;
  const ews::TransportOptions options_;
  ews::TransportPtr made_;
};

}  // namespace

ews::TransportPtr lazyTransport(TransportFactory factory, ews::TransportOptions options) {
  return std::make_unique<LazyTransport>(std::move(factory), std::move(options));
}

}  // namespace enp
