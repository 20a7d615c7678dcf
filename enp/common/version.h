#pragma once

namespace enp {

/// ENP's version: project(VERSION) in the top-level CMakeLists.txt, or ENP_VERSION_OVERRIDE.
/// Generated into the build directory (version.cc.in), so a new version recompiles one file.
const char* version();

}  // namespace enp
