#include "enp/source/graph/graph_notification.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace enp {
namespace {

std::string text(const Poco::JSON::Object& o, const std::string& key) {
  const Poco::Dynamic::Var v = o.get(key);
  return v.isString() ? v.extract<std::string>() : std::string();
}

}  // namespace

Result<std::vector<GraphNotification>> parseGraphNotifications(const std::string& json) try {
  const Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(json);
  Poco::JSON::Object::Ptr root = parsed.type() == typeid(Poco::JSON::Object::Ptr)
                                     ? parsed.extract<Poco::JSON::Object::Ptr>()
                                     : nullptr;
  Poco::JSON::Array::Ptr value = root ? root->getArray("value") : nullptr;
  if (!value) {
    return Status::invalid("expected an object with a \"value\" array");
  }
  std::vector<GraphNotification> out;
  for (unsigned i = 0; i < value->size(); ++i) {
    Poco::JSON::Object::Ptr n = value->getObject(i);
    const std::string where = "value[" + std::to_string(i) + "]";
    if (!n) {
      return Status::invalid(where + ": expected an object");
    }
    GraphNotification g;
    g.subscriptionId = text(*n, "subscriptionId");
    if (g.subscriptionId.empty()) {
      return Status::invalid(where + ".subscriptionId: required");
    }
    g.clientState = text(*n, "clientState");
    g.changeType = text(*n, "changeType");
    g.resource = text(*n, "resource");
    g.lifecycleEvent = text(*n, "lifecycleEvent");
    g.tenantId = text(*n, "tenantId");
    if (Poco::JSON::Object::Ptr data = n->getObject("resourceData")) {
      g.resourceId = text(*data, "id");
    }
    out.push_back(std::move(g));
  }
  return out;
} catch (const std::exception&) {
  return Status::invalid("not JSON");
}

}  // namespace enp
