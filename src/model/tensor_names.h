// The one table of tensor names: each weight the model uses, under its Hugging Face name and its
// llama.cpp GGUF name. Per-layer names hold "{L}" for the layer index. Hugging Face task
// checkpoints prefix the encoder's names with "bert."; lookups try both.
#pragma once

#include <string>
#include <vector>

namespace bertwasm {

enum class TensorRole {
  word_embd, pos_embd, type_embd, embd_norm_w, embd_norm_b,
  attn_q_w, attn_q_b, attn_k_w, attn_k_b, attn_v_w, attn_v_b,
  attn_out_w, attn_out_b, attn_norm_w, attn_norm_b,
  ffn_up_w, ffn_up_b, ffn_down_w, ffn_down_b, out_norm_w, out_norm_b,
  pooler_w, pooler_b,
  // heads (BertFor* checkpoints)
  mlm_transform_w, mlm_transform_b, mlm_norm_w, mlm_norm_b, mlm_decoder_w, mlm_decoder_b,
  nsp_w, nsp_b, classifier_w, classifier_b, qa_w, qa_b,
};

struct TensorName {
  TensorRole role;
  bool per_layer;
  bool in_bert_body;          // lives under the "bert." prefix in task checkpoints
  std::vector<const char*> hf;  // preferred name first, then legacy spellings
  const char* gguf;
};

const TensorName& tensor_name(TensorRole role);
// Every role, in table order (embeddings, per-layer roles, pooler, heads).
const std::vector<TensorName>& tensor_names();
// "{L}" replaced by layer (when the role is per layer).
std::string with_layer(const char* pattern, int layer);

}  // namespace bertwasm
