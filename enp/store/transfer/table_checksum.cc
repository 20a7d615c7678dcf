#include "enp/store/transfer/table_checksum.h"

#include <openssl/evp.h>

#include <memory>

#include "enp/store/sql/sql_error.h"
#include "enp/store/transfer/row_reader.h"

namespace enp::transfer {
namespace {

class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr);
  }
  void add(std::string_view data) { EVP_DigestUpdate(context_.get(), data.data(), data.size()); }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_.get(), digest, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
      out += kHex[digest[i] >> 4];
      out += kHex[digest[i] & 0xF];
    }
    return out;
  }

 private:
  struct Free {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> context_;
};

void addRow(Sha256& sum, const Row& row) {
  std::string text;
  for (const Value& value : row) {
    if (!value) {
      text += 'N';
    } else {
      text += 'S' + std::to_string(value->size()) + ':';
      text += *value;
    }
  }
  text += '\n';
  sum.add(text);
}

}  // namespace

Result<TableSum> checksumTable(sql::Connection& db, const Table& table, int pageRows) {
  try {
    RowReader reader(db, table, pageRows);
    Sha256 sum;
    TableSum out;
    for (std::vector<Row> page = reader.nextPage(); !page.empty(); page = reader.nextPage()) {
      for (const Row& row : page) {
        addRow(sum, row);
      }
      out.rows += static_cast<int64_t>(page.size());
    }
    out.sha256 = sum.hex();
    return out;
  } catch (const sql::Error& e) {
    return Status::store("checksum of " + table.name + ": " + e.what());
  }
}

}  // namespace enp::transfer
