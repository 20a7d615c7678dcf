#include "enp/cli/options.h"

namespace enp::cli {

Status Options::parse(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 2 || a.compare(0, 2, "--") != 0) {
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool inlineValue = false;
    auto eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
      inlineValue = true;
    }
    if (flags_.count(name) > 0) {
      if (inlineValue) {
        return Status::invalid("--" + name + " takes no value");
      }
      values_[name] = "true";
    } else if (valued_.count(name) > 0) {
      if (!inlineValue) {
        if (i + 1 >= args.size()) {
          return Status::invalid("--" + name + " needs a value");
        }
        value = args[++i];
      }
      values_[name] = value;
    } else {
      return Status::invalid("unknown option --" + name);
    }
  }
  return Status();
}

std::string Options::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

}  // namespace enp::cli
