#include "enp/pipeline/health_board.h"

#include <gtest/gtest.h>

namespace enp {
namespace {

TEST(HealthBoard, ARepeatedErrorIsOneEntryCounted) {
  HealthBoard b;
  b.exchangeError("ex1", "HTTP 503", "wait", 1000);
  b.exchangeError("ex1", "HTTP 503", "wait", 2000);
  b.cnsError("refused", "fix the token", 2500);
  b.exchangeError("ex1", "HTTP 503", "wait", 3000);
  const auto errors = b.recentErrors(10);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].source, "exchange:ex1");
  EXPECT_EQ(errors[0].count, 3u);
  EXPECT_EQ(errors[0].firstAt, 1000);
  EXPECT_EQ(errors[0].at, 3000);
  EXPECT_EQ(errors[1].source, "cns");
  EXPECT_EQ(errors[1].count, 1u);
}

TEST(HealthBoard, ASuccessMarksItsSourcesErrorsResolvedAndANewFailureIsANewEntry) {
  HealthBoard b;
  b.exchangeError("ex1", "HTTP 503", "wait", 1000);
  b.exchangeError("ex2", "HTTP 401", "password", 1100);
  b.exchangeSuccess("ex1", 2000);
  auto errors = b.recentErrors(10);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[1].source, "exchange:ex1");
  EXPECT_EQ(errors[1].resolvedAt, 2000);
  EXPECT_EQ(errors[0].resolvedAt, 0) << "another server's error stays open";
  b.exchangeError("ex1", "HTTP 503", "wait", 3000);
  errors = b.recentErrors(10);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].count, 1u);
  EXPECT_EQ(errors[0].resolvedAt, 0);
}

TEST(HealthBoard, ATestResultIsTheUpstreamsHealth) {
  HealthBoard b;
  b.testResult("cns", false, "test: HTTP 401", "fix", 1000);
  EXPECT_EQ(b.cns().lastErrorAt, 1000);
  b.testResult("cns", true, "", "", 2000);
  EXPECT_EQ(b.cns().lastSuccessAt, 2000);
  b.testResult("exchange:ex1", true, "", "", 3000);
  EXPECT_EQ(b.exchange()["ex1"].lastSuccessAt, 3000);
  EXPECT_EQ(b.recentErrors(10).at(0).resolvedAt, 2000);
}

}  // namespace
}  // namespace enp
