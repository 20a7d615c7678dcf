#include "enp/source/sources.h"

#include "enp/source/ews/ews_source.h"

namespace enp {

std::vector<SourcePtr> makeSources(const SourceDeps& deps) {
  std::vector<SourcePtr> sources;
  sources.push_back(std::make_unique<EwsSource>(deps));
  return sources;
}

}  // namespace enp
