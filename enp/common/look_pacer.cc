#include "enp/common/look_pacer.h"

#include <algorithm>

namespace enp {

void LookPacer::ran(int64_t startMs, int64_t endMs) {
  const int64_t took = std::max<int64_t>(endMs - startMs, 0);
  nextMs_ = std::max(startMs + floor_, endMs + factor_ * took);
  ran_ = true;
}

}  // namespace enp
