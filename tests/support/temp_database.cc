#include "temp_database.h"

#include <cstdlib>
#include <memory>

#include "postgres_server.h"

namespace enp {

bool testOnPostgres() {
  const char* backend = std::getenv("ENP_TEST_BACKEND");
  return backend != nullptr && std::string(backend) == "postgresql";
}

std::string freshPostgresDatabase() {
  // Started by the first test (on the main thread, which outlives every test) and stopped at
  // exit.
  static std::unique_ptr<testsupport::PostgresServer> server;
  static int databases = 0;
  if (!server) {
    server = std::make_unique<testsupport::PostgresServer>();
  }
  return server->createDatabase("test_" + std::to_string(++databases));
}

Result<std::unique_ptr<Database>> openTestDatabase(const std::string& path, std::string* url) {
  if (!testOnPostgres()) {
    url->clear();
    return Database::open(path);
  }
  *url = freshPostgresDatabase();
  return Database::openPostgres(*url, "");
}

}  // namespace enp
