// Random byte flips of a valid file, for parsers that must accept or reject every variant
// cleanly: calls check(bytes) for `iterations` copies of `good`, each with 1..max_flips bytes
// overwritten by a fixed-seed xorshift generator (so failures reproduce).
#pragma once

#include <cstdint>
#include <vector>

namespace bertwasm::test {

template <class Check>
void for_each_corruption(const std::vector<uint8_t>& good, uint64_t seed, int max_flips, int iterations,
                         Check&& check) {
  uint64_t state = seed;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int iter = 0; iter < iterations; ++iter) {
    std::vector<uint8_t> bytes = good;
    const int flips = 1 + int(next() % uint64_t(max_flips));
    for (int k = 0; k < flips; ++k) bytes[next() % bytes.size()] = uint8_t(next());
    check(bytes);
  }
}

}  // namespace bertwasm::test
