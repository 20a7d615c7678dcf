#include "enp/store/sql/placeholders.h"

#include <algorithm>
#include <cctype>

namespace enp::sql {

std::string postgresPlaceholders(const std::string& sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 8);
  int largest = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // quoted: copied up to the closing quote ('' and "" inside)
      const size_t close = sql.find(c, i + 1);
      const size_t end = close == std::string::npos ? sql.size() : close + 1;
      out.append(sql, i, end - i);
      i = end - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t eol = sql.find('\n', i);
      const size_t end = eol == std::string::npos ? sql.size() : eol;
      out.append(sql, i, end - i);
      i = end - 1;
    } else if (c == '?') {
      size_t j = i + 1;
      int n = 0;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j])) != 0) {
        n = n * 10 + (sql[j] - '0');
        ++j;
      }
      if (j == i + 1) {
        n = largest + 1;
      }
      largest = std::max(largest, n);
      out += '$';
      out += std::to_string(n);
      i = j - 1;
    } else {
      out += c;
    }
  }
  if (count != nullptr) {
    *count = largest;
  }
  return out;
}

}  // namespace enp::sql
