// An independent float64 BERT forward pass written as plainly as the paper: no batching, no
// kernels, no packing. The model suites check it against shared/models' references and then use
// it as the reference for shapes those fixtures do not cover (odd head sizes, more layers).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace bertwasm::test {

struct NaiveBert {
  // Values of a tensor by its Hugging Face name (without the "bert." prefix), row-major.
  std::function<std::vector<double>(const std::string&)> tensor;
  int hidden = 0, heads = 0, layers = 0, intermediate = 0;
  double eps = 1e-12;

  // last_hidden_state [seq, hidden], row-major.
  std::vector<double> forward(const std::vector<int>& ids, const std::vector<int>& type_ids) const;
};

}  // namespace bertwasm::test
