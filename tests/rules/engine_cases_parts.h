#pragma once

#include <vector>

#include "rules_test_util.h"

namespace rules_test {

// The engine table in parts (one file each), joined by engineCases().
std::vector<EngineCase> hoursCases();
std::vector<EngineCase> zoneCases();
std::vector<EngineCase> vipCases();

}  // namespace rules_test
