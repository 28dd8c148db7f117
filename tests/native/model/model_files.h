// Test helpers for the model suites: read a model folder of ../shared into a FileMap, build
// synthetic Hugging Face checkpoints in memory, and compare float arrays.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/bert_model.h"

namespace bertwasm::test {

// Every file of shared/models/<name> that the loader may read.
FileMap read_model_files(const std::string& model_name);

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
