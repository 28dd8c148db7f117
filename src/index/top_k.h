// Top-k selection with a fixed tie order: a higher score is better, and of equal scores the
// lower position (earlier insertion) wins, so results never depend on scan order or platform.
// A bounded heap whose root is the worst kept entry; offering a candidate is O(1) when it
// cannot enter and O(log k) when it does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bertwasm::index {

struct Scored {
  float score;
  uint32_t position;  // the vector's slot in insertion order
};

// True when a ranks before b (higher score, then lower position). Scores must not be NaN.
inline bool ranks_before(const Scored& a, const Scored& b) {
  return a.score > b.score || (a.score == b.score && a.position < b.position);
}

class TopK {
 public:
  // Keeps at most k entries (k ≥ 1).
  explicit TopK(size_t k);

  void offer(float score, uint32_t position) {
    if (heap_.size() == k_) {
      const Scored& worst = heap_.front();
      if (score < worst.score || (score == worst.score && position > worst.position)) return;
    }
    insert({score, position});
  }

  size_t size() const { return heap_.size(); }
  // The kept entries, best first; leaves this selection empty.
  std::vector<Scored> take_sorted();

 private:
  void insert(Scored s);

  size_t k_;
  std::vector<Scored> heap_;  // max-heap on "ranks after": the root is the worst kept entry
};

}  // namespace bertwasm::index
