#include "enp/decide/upstream_breaker.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace enp {
namespace {

using Admit = UpstreamBreaker::Admit;
using std::chrono::milliseconds;

BreakerOptions options() {
  BreakerOptions o;
  o.failuresToOpen = 3;
  o.firstHold = milliseconds(1000);
  o.maxHold = milliseconds(8000);
  o.probeTimeout = milliseconds(60000);
  return o;
}

// Runs a script of "t:op" steps (admit / ok / fail) and renders what the breaker said:
// "go", "probe", "hold<until>", with the state after each step.
std::string run(UpstreamBreaker& b, const std::vector<std::pair<int64_t, std::string>>& steps) {
  std::ostringstream out;
  for (const auto& [t, op] : steps) {
    if (op == "admit") {
      const auto g = b.admit(t);
      out << (g.admit == Admit::kGo      ? "go"
              : g.admit == Admit::kProbe ? "probe"
                                         : "hold" + std::to_string(g.untilMs));
    } else if (op == "ok") {
      b.onSuccess(t);
      out << "ok";
    } else {
      b.onFailure(t);
      out << "fail";
    }
    out << "/" << toString(b.state()) << " ";
  }
  return out.str();
}

TEST(UpstreamBreaker, OpensAfterConsecutiveFailuresOnly) {
  UpstreamBreaker b(options());
  EXPECT_EQ(run(b, {{0, "admit"}, {0, "fail"}, {1, "fail"}, {2, "ok"}, {3, "fail"}, {4, "fail"}}),
            "go/closed fail/closed fail/closed ok/closed fail/closed fail/closed ");
  EXPECT_EQ(run(b, {{5, "fail"}, {6, "admit"}}), "fail/open hold1005/open ");
}

TEST(UpstreamBreaker, ProbesOnceThenClosesOnSuccess) {
  UpstreamBreaker b(options());
  run(b, {{0, "fail"}, {0, "fail"}, {0, "fail"}});
  EXPECT_EQ(
      run(b, {{999, "admit"}, {1000, "admit"}, {1001, "admit"}, {1500, "ok"}, {1501, "admit"}}),
      "hold1000/open probe/half-open hold2001/half-open ok/closed go/closed ");
}

TEST(UpstreamBreaker, AFailedProbeDoublesTheHoldUpToTheCap) {
  UpstreamBreaker b(options());
  run(b, {{0, "fail"}, {0, "fail"}, {0, "fail"}});  // hold 1 s
  EXPECT_EQ(run(b, {{1000, "admit"}, {1000, "fail"}}), "probe/half-open fail/open ");
  EXPECT_EQ(b.hold(), milliseconds(2000));
  EXPECT_EQ(run(b, {{2999, "admit"}, {3000, "admit"}, {3000, "fail"}}),
            "hold3000/open probe/half-open fail/open ");
  EXPECT_EQ(b.hold(), milliseconds(4000));
  run(b, {{7000, "admit"}, {7000, "fail"}, {15000, "admit"}, {15000, "fail"}});
  EXPECT_EQ(b.hold(), milliseconds(8000));
  run(b, {{23000, "admit"}, {23000, "fail"}});
  EXPECT_EQ(b.hold(), milliseconds(8000)) << "capped";
  // Success resets: the next opening starts from the first hold again.
  run(b, {{31000, "admit"}, {31000, "ok"}, {31001, "fail"}, {31002, "fail"}, {31003, "fail"}});
  EXPECT_EQ(b.hold(), milliseconds(1000));
}

TEST(UpstreamBreaker, ALostProbeIsReplacedAfterItsTimeout) {
  UpstreamBreaker b(options());
  run(b, {{0, "fail"}, {0, "fail"}, {0, "fail"}});
  EXPECT_EQ(run(b, {{1000, "admit"}, {60999, "admit"}, {61000, "admit"}}),
            "probe/half-open hold61999/half-open probe/half-open ");
}

TEST(UpstreamBreaker, FailuresAdmittedBeforeOpeningAreNotCountedTwice) {
  UpstreamBreaker b(options());
  run(b, {{0, "fail"}, {0, "fail"}, {0, "fail"}});
  EXPECT_EQ(run(b, {{10, "fail"}, {20, "admit"}}), "fail/open hold1000/open ");
}

}  // namespace
}  // namespace enp
