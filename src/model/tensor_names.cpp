#include "model/tensor_names.h"

#include <algorithm>

namespace bertwasm {
namespace {

using R = TensorRole;

const std::vector<TensorName>& table() {
  static const std::vector<TensorName> names = {
      {R::word_embd, false, true, {"embeddings.word_embeddings.weight"}, "token_embd.weight"},
      {R::pos_embd, false, true, {"embeddings.position_embeddings.weight"}, "position_embd.weight"},
      {R::type_embd, false, true, {"embeddings.token_type_embeddings.weight"}, "token_types.weight"},
      {R::embd_norm_w, false, true, {"embeddings.LayerNorm.weight", "embeddings.LayerNorm.gamma"}, "token_embd_norm.weight"},
      {R::embd_norm_b, false, true, {"embeddings.LayerNorm.bias", "embeddings.LayerNorm.beta"}, "token_embd_norm.bias"},
      {R::attn_q_w, true, true, {"encoder.layer.{L}.attention.self.query.weight"}, "blk.{L}.attn_q.weight"},
      {R::attn_q_b, true, true, {"encoder.layer.{L}.attention.self.query.bias"}, "blk.{L}.attn_q.bias"},
      {R::attn_k_w, true, true, {"encoder.layer.{L}.attention.self.key.weight"}, "blk.{L}.attn_k.weight"},
      {R::attn_k_b, true, true, {"encoder.layer.{L}.attention.self.key.bias"}, "blk.{L}.attn_k.bias"},
      {R::attn_v_w, true, true, {"encoder.layer.{L}.attention.self.value.weight"}, "blk.{L}.attn_v.weight"},
      {R::attn_v_b, true, true, {"encoder.layer.{L}.attention.self.value.bias"}, "blk.{L}.attn_v.bias"},
      {R::attn_out_w, true, true, {"encoder.layer.{L}.attention.output.dense.weight"}, "blk.{L}.attn_output.weight"},
      {R::attn_out_b, true, true, {"encoder.layer.{L}.attention.output.dense.bias"}, "blk.{L}.attn_output.bias"},
      {R::attn_norm_w, true, true, {"encoder.layer.{L}.attention.output.LayerNorm.weight", "encoder.layer.{L}.attention.output.LayerNorm.gamma"}, "blk.{L}.attn_output_norm.weight"},
      {R::attn_norm_b, true, true, {"encoder.layer.{L}.attention.output.LayerNorm.bias", "encoder.layer.{L}.attention.output.LayerNorm.beta"}, "blk.{L}.attn_output_norm.bias"},
      {R::ffn_up_w, true, true, {"encoder.layer.{L}.intermediate.dense.weight"}, "blk.{L}.ffn_up.weight"},
      {R::ffn_up_b, true, true, {"encoder.layer.{L}.intermediate.dense.bias"}, "blk.{L}.ffn_up.bias"},
      {R::ffn_down_w, true, true, {"encoder.layer.{L}.output.dense.weight"}, "blk.{L}.ffn_down.weight"},
      {R::ffn_down_b, true, true, {"encoder.layer.{L}.output.dense.bias"}, "blk.{L}.ffn_down.bias"},
      {R::out_norm_w, true, true, {"encoder.layer.{L}.output.LayerNorm.weight", "encoder.layer.{L}.output.LayerNorm.gamma"}, "blk.{L}.layer_output_norm.weight"},
      {R::out_norm_b, true, true, {"encoder.layer.{L}.output.LayerNorm.bias", "encoder.layer.{L}.output.LayerNorm.beta"}, "blk.{L}.layer_output_norm.bias"},
      {R::pooler_w, false, true, {"pooler.dense.weight"}, "bertwasm.pooler.weight"},
      {R::pooler_b, false, true, {"pooler.dense.bias"}, "bertwasm.pooler.bias"},
      {R::mlm_transform_w, false, false, {"cls.predictions.transform.dense.weight"}, "bertwasm.mlm_transform.weight"},
      {R::mlm_transform_b, false, false, {"cls.predictions.transform.dense.bias"}, "bertwasm.mlm_transform.bias"},
      {R::mlm_norm_w, false, false, {"cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.LayerNorm.gamma"}, "bertwasm.mlm_norm.weight"},
      {R::mlm_norm_b, false, false, {"cls.predictions.transform.LayerNorm.bias", "cls.predictions.transform.LayerNorm.beta"}, "bertwasm.mlm_norm.bias"},
      {R::mlm_decoder_w, false, false, {"cls.predictions.decoder.weight"}, "bertwasm.mlm_decoder.weight"},
      {R::mlm_decoder_b, false, false, {"cls.predictions.bias", "cls.predictions.decoder.bias"}, "bertwasm.mlm_decoder.bias"},
      {R::nsp_w, false, false, {"cls.seq_relationship.weight"}, "bertwasm.nsp.weight"},
      {R::nsp_b, false, false, {"cls.seq_relationship.bias"}, "bertwasm.nsp.bias"},
      {R::classifier_w, false, false, {"classifier.weight"}, "cls.output.weight"},
      {R::classifier_b, false, false, {"classifier.bias"}, "cls.output.bias"},
      {R::qa_w, false, false, {"qa_outputs.weight"}, "bertwasm.qa.weight"},
      {R::qa_b, false, false, {"qa_outputs.bias"}, "bertwasm.qa.bias"},
  };
  return names;
}

}  // namespace

const std::vector<TensorName>& tensor_names() { return table(); }

const TensorName& tensor_name(TensorRole role) {
  const auto& t = table();
  return *std::find_if(t.begin(), t.end(), [role](const TensorName& n) { return n.role == role; });
}

std::string with_layer(const char* pattern, int layer) {
  std::string s = pattern;
  const auto at = s.find("{L}");
  if (at != std::string::npos) s.replace(at, 3, std::to_string(layer));
  return s;
}

}  // namespace bertwasm
