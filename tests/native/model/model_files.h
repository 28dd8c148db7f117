// Test helpers for the model suites: build synthetic Hugging Face checkpoints in memory and
// compare float arrays (test_support.h reads the shared models).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/bert_model.h"

namespace bertwasm::test {

// A safetensors file holding float32 tensors (name -> shape, values).
struct F32Tensor {
  std::vector<int64_t> shape;
  std::vector<float> values;
};
std::string write_safetensors(const std::map<std::string, F32Tensor>& tensors);

// max |a - b| over n values.
double max_abs_diff(const float* a, const double* b, size_t n);
// 1 - cos(a, b)
double one_minus_cosine(const float* a, const double* b, size_t n);

}  // namespace bertwasm::test
