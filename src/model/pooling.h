// Sentence embeddings from last_hidden_state: mean over the sequence's tokens (every token is
// attended: sequences are unpadded), the [CLS] row, or BERT's pooler (tanh(W·h_cls + b)); then
// optional L2 normalization, as sentence-transformers does.
#pragma once

#include <string>

#include "model/weights.h"

namespace bertwasm {

enum class Pooling { mean, cls, pooler };

const char* pooling_name(Pooling pooling);
Result<Pooling> parse_pooling(const std::string& name);  // "mean" | "cls" | "pooler"

// hidden: [seq, dim] rows of one sequence; out: dim floats. E_UNSUPPORTED when `pooler` is
// asked of a model without pooler weights.
Status pool(Pooling pooling, const float* hidden, int seq, int dim, const EncoderWeights& weights,
            bool normalize, float* out);

}  // namespace bertwasm
