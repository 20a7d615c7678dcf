#include "enp/source/sources.h"

#include "enp/source/ews/ews_source.h"
#include "enp/source/graph/graph_source.h"

namespace enp {

std::vector<SourcePtr> makeSources(const SourceDeps& deps) {
  std::vector<SourcePtr> sources;
  sources.push_back(std::make_unique<GraphSource>(deps));  // its domains, before EWS takes the rest
  sources.push_back(std::make_unique<EwsSource>(deps));
  return sources;
}

}  // namespace enp
