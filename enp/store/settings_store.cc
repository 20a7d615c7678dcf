#include "enp/store/settings_store.h"

#include <Poco/JSON/Parser.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "enp/config/json_fields.h"

namespace enp {

bool SettingsStore::load(Settings* out, std::string* error) {
  std::string text;
  try {
    auto g = db_.reader();
    SQLite::Statement q(g.db, "SELECT document FROM settings WHERE id = 1");
    if (!q.executeStep()) {
      *out = Settings{};
      return true;
    }
    text = q.getColumn(0).getString();
  } catch (const std::exception& e) {
    *error = std::string("reading settings: ") + e.what();
    return false;
  }
  try {
    Poco::JSON::Parser parser;
    auto doc = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    Result<Settings> stored = settingsFromJson(*doc, SettingsCheck::kStored);
    if (!stored.ok()) {
      *error = stored.error().message();
      return false;
    }
    *out = std::move(*stored);
    return true;
  } catch (const std::exception& e) {
    *error = "stored settings are not valid JSON";
    return false;
  }
}

bool SettingsStore::save(const Settings& settings, int64_t nowMs, std::string* error) {
  std::string text = json::stringify(settingsToJson(settings, true));
  try {
    auto g = db_.writer();
    SQLite::Transaction tx(g.db);
    SQLite::Statement q(g.db,
                        "INSERT INTO settings(id, document, updated_at) VALUES (1, ?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET document = excluded.document, "
                        "updated_at = MAX(excluded.updated_at, settings.updated_at + 1)");
    q.bind(1, text);
    q.bind(2, nowMs);
    q.exec();
    tx.commit();
    return true;
  } catch (const std::exception& e) {
    *error = std::string("saving settings: ") + e.what();
    return false;
  }
}

int64_t SettingsStore::version() {
  auto g = db_.reader();
  SQLite::Statement q(g.db, "SELECT updated_at FROM settings WHERE id = 1");
  return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

}  // namespace enp
