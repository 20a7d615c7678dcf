#pragma once

// Assertions on enp::Status and enp::Result (leveldb's ASSERT_LEVELDB_OK, for ENP's Status).

#include <gtest/gtest.h>

#include <stdexcept>
#include <type_traits>
#include <utility>

#include "enp/common/status.h"

namespace testsupport {

inline ::testing::AssertionResult isOk(const enp::Status& s) {
  if (s.ok()) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << s.toString();
}

template <typename T>
::testing::AssertionResult isOk(const enp::Result<T>& r) {
  return r.ok() ? ::testing::AssertionSuccess() : isOk(r.error());
}

/// The value of a Result; a test failure (and a default value, or for a type without one an
/// exception that ends the test) when it holds a Status.
template <typename T>
T valueOf(enp::Result<T> r) {
  if (!r.ok()) {
    ADD_FAILURE() << "expected a value, got " << r.error().toString();
    if constexpr (std::is_default_constructible_v<T>) {
      return T{};
    } else {
      throw std::runtime_error("expected a value, got " + r.error().toString());
    }
  }
  return std::move(*r);
}

}  // namespace testsupport

#define ASSERT_OK(expression) ASSERT_TRUE(::testsupport::isOk(expression))
#define EXPECT_OK(expression) EXPECT_TRUE(::testsupport::isOk(expression))
