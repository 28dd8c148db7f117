// Bounded-heap top-k selection (see top_k.h).
#include "index/top_k.h"

#include <algorithm>

namespace bertwasm::index {

TopK::TopK(size_t k) : k_(k) { heap_.reserve(k < 4096 ? k : 4096); }

void TopK::insert(Scored s) {
  if (heap_.size() == k_) {
    std::pop_heap(heap_.begin(), heap_.end(), ranks_before);
    heap_.back() = s;
  } else {
    heap_.push_back(s);
  }
  std::push_heap(heap_.begin(), heap_.end(), ranks_before);
}

std::vector<Scored> TopK::take_sorted() {
  std::sort_heap(heap_.begin(), heap_.end(), ranks_before);
  std::vector<Scored> out;
  out.swap(heap_);
  return out;
}

}  // namespace bertwasm::index
