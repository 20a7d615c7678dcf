#include "enp/source/sources.h"

#include "enp/source/ews/ews_source.h"
#include "enp/source/graph/graph_source.h"
#include "enp/source/watch/imap_source.h"

namespace enp {

std::vector<SourcePtr> makeSources(const SourceDeps& deps) {
  std::vector<SourcePtr> sources;
  if (deps.mailboxes != nullptr) {  // registrations with an account, whatever their domain
    sources.push_back(std::make_unique<ImapSource>(deps, *deps.mailboxes));
  }
  sources.push_back(std::make_unique<GraphSource>(deps));  // its domains, before EWS takes the rest
  sources.push_back(std::make_unique<EwsSource>(deps));
  return sources;
}

}  // namespace enp
