#include "enp/common/metrics.h"

#include <sstream>

namespace enp {
namespace {

std::string familyOf(const std::string& series) { return series.substr(0, series.find('{')); }

}  // namespace

Counter& Metrics::counter(const std::string& series, const std::string& help) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = counters_[series];
  if (!slot) {
    slot = std::make_unique<Counter>();
    auto& family = families_[familyOf(series)];
    family.type = "counter";
    if (!help.empty()) {
      family.help = help;
    }
  }
  return *slot;
}

std::string Metrics::labelValue(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void Metrics::gauge(const std::string& series, const std::string& help,
                    std::function<double()> read) {
  std::lock_guard<std::mutex> lock(mutex_);
  readings_[series] = std::move(read);
  families_[familyOf(series)] = Family{help, "gauge"};
}

void Metrics::counterReading(const std::string& series, const std::string& help,
                             std::function<double()> read) {
  std::lock_guard<std::mutex> lock(mutex_);
  readings_[series] = std::move(read);
  families_[familyOf(series)] = Family{help, "counter"};
}

std::string Metrics::render() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::ostringstream out;
  std::string current;
  auto header = [&](const std::string& series) {
    std::string family = familyOf(series);
    if (family == current) {
      return;
    }
    current = family;
    auto it = families_.find(family);
    if (it != families_.end()) {
      if (!it->second.help.empty()) {
        out << "# HELP " << family << ' ' << it->second.help << '\n';
      }
      out << "# TYPE " << family << ' ' << it->second.type << '\n';
    }
  };
  for (const auto& [series, c] : counters_) {
    header(series);
    out << series << ' ' << c->value() << '\n';
  }
  for (const auto& [series, read] : readings_) {
    header(series);
    out << series << ' ' << read() << '\n';
  }
  return out.str();
}

}  // namespace enp
