#pragma once

#include <map>
#include <string>
#include <string_view>

namespace enp::admin {

/// One file of the web console (enp/admin/web/), embedded at build time.
struct ConsoleAsset {
  std::string_view body;
  const char* contentType;
  const char* etag;  ///< Quoted SHA-256 prefix of the body.
};

/// The console's files by path relative to enp/admin/web ("index.html", "pages/cns.js").
/// Defined in the generated console_assets.cc (enp/admin/web/embed.cmake).
const std::map<std::string, ConsoleAsset>& consoleAssets();

}  // namespace enp::admin
