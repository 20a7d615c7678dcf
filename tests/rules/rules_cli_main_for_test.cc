// Test-only stand-in for `enp rules ...`: the real binary's dispatcher lives in enp/main.cc.
#include <iostream>

#include "enp/cli/commands.h"

int main(int argc, char** argv) {
  enp::cli::Args args(argv + 1, argv + argc);
  if (args.empty() || args[0] != "rules") {
    std::cerr << "usage: enp_rules_cli_for_test rules ...\n";
    return 2;
  }
  args.erase(args.begin());
  return enp::cli::rulesCommand(args, std::cout, std::cerr);
}
