#include "enp/store/settings_store.h"

#include <Poco/JSON/Parser.h>

#include "enp/config/json_fields.h"
#include "enp/store/sql/connection.h"
#include "enp/store/sql/statement.h"

namespace enp {

Result<Settings> SettingsStore::load() {
  std::string text;
  try {
    auto g = db_.reader();
    sql::Statement q(g.db, "SELECT document FROM settings WHERE id = 1");
    if (!q.executeStep()) {
      return Settings{};
    }
    text = q.getColumn(0).getString();
  } catch (const std::exception& e) {
    return Status::store(std::string("reading settings: ") + e.what());
  }
  try {
    auto doc = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    return settingsFromJson(*doc, SettingsCheck::kStored);
  } catch (const std::exception&) {
    return Status::invalid("stored settings are not valid JSON");
  }
}

Status SettingsStore::save(const Settings& settings, int64_t nowMs) {
  std::string text = json::stringify(settingsToJson(settings, true));
  try {
    auto g = db_.writer();
    sql::Transaction tx(g.db);
    sql::Statement q(g.db,
                     "INSERT INTO settings(id, document, updated_at) VALUES (1, ?, ?) "
                     "ON CONFLICT(id) DO UPDATE SET document = excluded.document, "
                     "updated_at = CASE WHEN excluded.updated_at > settings.updated_at THEN "
                     "excluded.updated_at ELSE settings.updated_at + 1 END");
    q.bind(1, text);
    q.bind(2, nowMs);
    q.exec();
    tx.commit();
    return Status();
  } catch (const std::exception& e) {
    return Status::store(std::string("saving settings: ") + e.what());
  }
}

Result<int64_t> SettingsStore::version() try {
  auto g = db_.reader();
  sql::Statement q(g.db, "SELECT updated_at FROM settings WHERE id = 1");
  return q.executeStep() ? q.getColumn(0).getInt64() : int64_t{0};
} catch (const std::exception& e) {
  return Status::store(std::string("reading the settings version: ") + e.what());
}

}  // namespace enp
