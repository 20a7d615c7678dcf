// appendJson() writes what Poco::JSON::Object::stringify() writes, byte for byte.

#include "enp/sink/cns/compact_json.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <sstream>
#include <string>

#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include "Poco/JSONString.h"

namespace enp {
namespace {

using namespace std::string_literals;

std::string pocoText(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

std::string ours(const Poco::JSON::Object& object) {
  std::string out = "prefix:";
  appendJson(out, object);
  EXPECT_EQ(0u, out.rfind("prefix:", 0));  // appended, not replaced
  return out.substr(7);
}

TEST(CompactJson, StringsEscapedAsPocoEscapesThem) {
  Poco::JSON::Object o;
  o.set("quote \" and \\ backslash", "a \"quoted\" \\ text / slash");
  o.set("controls", "tab\tnewline\ncr\rbell\x07nul\0end"s);
  o.set("unicode", "Zoë Ünal 会議 \U0001F4C5 line\u2028separator");
  o.set("empty", "");
  EXPECT_EQ(pocoText(o), ours(o));
  // And it is JSON that reads back to the same strings.
  Poco::JSON::Object::Ptr back =
      Poco::JSON::Parser().parse(ours(o)).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(o.getValue<std::string>("controls"), back->getValue<std::string>("controls"));
  EXPECT_EQ(o.getValue<std::string>("unicode"), back->getValue<std::string>("unicode"));
}

TEST(CompactJson, EveryByteEscapedAsPocoEscapesIt) {
  for (int b = 0; b < 256; ++b) {
    for (const std::string& text :
         {std::string(1, static_cast<char>(b)), "ab" + std::string(1, static_cast<char>(b)) + "yz",
          std::string(3, static_cast<char>(b)) + "tail"}) {
      std::string out = "prefix:";
      appendJsonString(out, text);
      EXPECT_EQ("prefix:" + Poco::toJSON(text, Poco::JSON_WRAP_STRINGS), out) << "byte " << b;
    }
  }
  std::string empty;
  appendJsonString(empty, "");
  EXPECT_EQ("\"\"", empty);
}

TEST(CompactJson, NumbersBooleansNullAndNesting) {
  Poco::JSON::Object::Ptr from = new Poco::JSON::Object;
  from->set("name", "Alice");
  from->set("address", "alice@example.com");
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  list->add(1);
  list->add("two");
  list->add(Poco::JSON::Object::Ptr(new Poco::JSON::Object));
  list->add(Poco::Dynamic::Var());
  Poco::JSON::Object o;
  o.set("from", from);
  o.set("list", list);
  o.set("badge", 3);
  o.set("negative", static_cast<Poco::Int64>(-1700000000123LL));
  o.set("big", std::numeric_limits<Poco::UInt64>::max());
  o.set("yes", true);
  o.set("no", false);
  o.set("nothing", Poco::Dynamic::Var());
  o.set("fraction", 1.5);
  EXPECT_EQ(pocoText(o), ours(o));
}

TEST(CompactJson, KeepsAnObjectsInsertionOrderWhenItHasOne) {
  Poco::JSON::Object ordered(Poco::JSON_PRESERVE_KEY_ORDER);
  ordered.set("zeta", 1);
  ordered.set("alpha", 2);
  ordered.set("mid", "x");
  EXPECT_EQ(R"({"zeta":1,"alpha":2,"mid":"x"})", ours(ordered));
  EXPECT_EQ(pocoText(ordered), ours(ordered));
  Poco::JSON::Object sorted;
  sorted.set("zeta", 1);
  sorted.set("alpha", 2);
  EXPECT_EQ(R"({"alpha":2,"zeta":1})", ours(sorted));
}

TEST(CompactJson, EmptyObject) { EXPECT_EQ("{}", ours(Poco::JSON::Object())); }

}  // namespace
}  // namespace enp
