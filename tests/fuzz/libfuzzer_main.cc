// One libFuzzer binary per target: compiled with -DENP_FUZZ_TARGET=<function in fuzz_targets.h>.
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::ENP_FUZZ_TARGET(data, size);
  return 0;
}
