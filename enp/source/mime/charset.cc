#include "enp/source/mime/charset.h"

#include <errno.h>
#include <iconv.h>

#include <array>
#include <utility>

#include "base/utf8.h"
#include "enp/source/mime/text_util.h"

namespace enp::mime {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// MIME names glibc's iconv does not know, or knows as a narrower charset than mailers mean.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kAliases = {{
    {"iso-8859-1", "WINDOWS-1252"},
    {"latin1", "WINDOWS-1252"},
    {"ascii", "UTF-8"},
    {"ks_c_5601-1987", "CP949"},
    {"x-sjis", "SHIFT_JIS"},
    {"gb2312", "GB18030"},
    {"gbk", "GB18030"},
    {"x-gbk", "GB18030"},
}};

std::string normalizedName(std::string_view charset) {
  std::string_view name = trimSpaces(charset);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  // RFC 2231 language suffix: "utf-8*en".
  if (const size_t star = name.find('*'); star != std::string_view::npos) {
    name = name.substr(0, star);
  }
  return lowerAscii(name);
}

// RAII for an iconv_t.
class Converter {
 public:
  explicit Converter(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
  ~Converter() {
    if (ok()) {
      iconv_close(cd_);
    }
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;

  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

  std::string convert(std::string_view bytes) {
    std::string out;
    std::array<char, 4096> buffer{};
    // iconv's interface takes char** although it never writes through the input.
    char* in = const_cast<char*>(bytes.data());
    size_t inLeft = bytes.size();
    while (true) {
      char* dst = buffer.data();
      size_t dstLeft = buffer.size();
      const size_t rc = iconv(cd_, inLeft > 0 ? &in : nullptr, &inLeft, &dst, &dstLeft);
      out.append(buffer.data(), buffer.size() - dstLeft);
      if (rc != static_cast<size_t>(-1)) {
        if (inLeft == 0) {
          // Flush a stateful encoding's shift sequence (ISO-2022-JP).
          dst = buffer.data();
          dstLeft = buffer.size();
          iconv(cd_, nullptr, nullptr, &dst, &dstLeft);
          out.append(buffer.data(), buffer.size() - dstLeft);
          break;
        }
        continue;
      }
      if (errno == E2BIG) {
        continue;
      }
      if (errno == EILSEQ && inLeft > 0) {
        out.append(kReplacement);
        ++in;
        --inLeft;
        continue;
      }
      // EINVAL: a sequence cut off at the end (or anything unexpected).
      if (inLeft > 0) {
        out.append(kReplacement);
      }
      break;
    }
    return out;
  }

 private:
  iconv_t cd_;
};

}  // namespace

Result<std::string> convertToUtf8(std::string_view bytes, std::string_view charset) {
  std::string name = normalizedName(charset);
  if (name.empty() || name == "utf-8" || name == "utf8" || name == "us-ascii") {
    return base::utf8::repair(bytes);
  }
  for (const auto& [alias, target] : kAliases) {
    if (name == alias) {
      name = std::string(target);
      break;
    }
  }
  if (name == "UTF-8") {
    return base::utf8::repair(bytes);
  }
  Converter converter(name);
  if (!converter.ok()) {
    return Status::invalid("unknown charset \"" + name.substr(0, 40) + "\"");
  }
  return base::utf8::repair(converter.convert(bytes));
}

std::string toUtf8(std::string_view bytes, std::string_view charset) {
  Result<std::string> converted = convertToUtf8(bytes, charset);
  if (converted.ok()) {
    return std::move(converted).value();
  }
  return base::utf8::repair(bytes);
}

}  // namespace enp::mime
