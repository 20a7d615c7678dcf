// A throw-away PostgreSQL cluster on a loopback port until Enter or Ctrl-C, for trying the
// multi-node back-end and for benchmarks by hand.

#include <signal.h>

#include <cstring>
#include <iostream>

#include "postgres_server.h"

int main(int argc, char** argv) {
  if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::cout << "usage: postgres-test-server\n"
                 "Starts a throw-away PostgreSQL cluster (initdb in a temporary directory, as\n"
                 "nobody when run as root) on a free loopback port, prints its URLs, and stops\n"
                 "and removes it on Enter or Ctrl-C.\n";
    return 0;
  }
  // Ctrl-C interrupts the read below (no SA_RESTART); the destructor then stops the cluster.
  struct sigaction quiet {};
  quiet.sa_handler = [](int) {};
  sigaction(SIGINT, &quiet, nullptr);
  try {
    testsupport::PostgresServer server;
    std::cout << "superuser: " << server.url() << "\n"
              << "password role: " << server.url("postgres", server.passwordUser()) << " (password "
              << server.passwordOf() << ")\n"
              << "directory: " << server.directory() << "\n"
              << "Enter stops it." << std::endl;
    std::string line;
    std::getline(std::cin, line);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
