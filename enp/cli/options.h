#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "enp/common/status.h"

namespace enp::cli {

/// Parses "--name value", "--name=value" and "--flag" options and positional arguments.
/// Unknown options are errors, so a typo never silently falls back to a default.
class Options {
 public:
  /// valued: options that take a value; flags: options that do not.
  Options(std::set<std::string> valued, std::set<std::string> flags)
      : valued_(std::move(valued)), flags_(std::move(flags)) {}

  /// kInvalid "unknown option --x", "--config needs a value", ... on a wrong argument.
  Status parse(const std::vector<std::string>& args);

  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::string get(const std::string& name, const std::string& fallback = "") const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::set<std::string> valued_, flags_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

}  // namespace enp::cli
