// Token classification (NER) as Hugging Face's TokenClassificationPipeline: per-token label
// probabilities, optionally merged into words (first / average / max) and then grouped by BIO
// tag (simple and the word strategies), with the ignored labels ("O") dropped at the end.
#include "api/tasks.h"

#include <algorithm>

#include "api/task_support.h"

namespace bertwasm::api {
namespace {

// One non-special token: its label probabilities and where it comes from.
struct PreEntity {
  std::vector<double> probs;
  std::string word;  // the token, or the text under an [UNK]
  TextSpan span;
  int index = 0;
  bool is_subword = false;  // a "##" continuation of the previous token's word
};

// A labelled token or word, before grouping.
struct Labelled {
  std::string label;
  double score = 0;
  int index = -1;
  std::string word;
  TextSpan span;
};

Labelled best_label(const std::vector<double>& probs, const std::vector<std::string>& labels) {
  const int id = detail::top_indices(probs, 1)[0];
  return {labels[size_t(id)], probs[size_t(id)], -1, "", {}};
}

// HF aggregate_word: one label for the tokens of a word.
Labelled aggregate_word(const std::vector<PreEntity>& word, Aggregation how, const std::vector<std::string>& labels,
                        const std::string& prefix) {
  Labelled r;
  if (how == Aggregation::first) {
    r = best_label(word.front().probs, labels);
  } else if (how == Aggregation::max) {
    const PreEntity* best = &word.front();
    for (const PreEntity& t : word)
      if (*std::max_element(t.probs.begin(), t.probs.end()) > *std::max_element(best->probs.begin(), best->probs.end()))
        best = &t;
    r = best_label(best->probs, labels);
  } else {  // average
    std::vector<double> mean(labels.size(), 0.0);
    for (const PreEntity& t : word)
      for (size_t i = 0; i < mean.size(); ++i) mean[i] += t.probs[i];
    for (double& v : mean) v /= double(word.size());
    r = best_label(mean, labels);
  }
  std::vector<std::string> pieces;
  for (const PreEntity& t : word) pieces.push_back(t.word);
  r.word = detail::join_wordpieces(pieces, prefix);
  r.span = detail::cover(word.front().span, word.back().span);
  return r;
}

// HF get_tag: "B-PER" -> (B, PER), "I-PER" -> (I, PER), anything else -> (I, label).
std::pair<char, std::string> bio_tag(const std::string& label) {
  if (label.rfind("B-", 0) == 0) return {'B', label.substr(2)};
  if (label.rfind("I-", 0) == 0) return {'I', label.substr(2)};
  return {'I', label};
}

// HF group_sub_entities: the group is named after its first label without its "X-" prefix.
Entity group_of(const std::vector<Labelled>& members, const std::string& prefix) {
  const std::string& first = members.front().label;
  const size_t dash = first.find('-');
  Entity e;
  e.label = dash == std::string::npos ? first : first.substr(dash + 1);
  std::vector<std::string> words;
  for (const Labelled& m : members) {
    e.score += m.score;
    words.push_back(m.word);
  }
  e.score /= double(members.size());
  e.word = detail::join_wordpieces(words, prefix);
  e.span = detail::cover(members.front().span, members.back().span);
  return e;
}

// HF group_entities: adjacent entities of one tag merge unless the newcomer is a B-.
std::vector<Entity> group_entities(const std::vector<Labelled>& items, const std::string& prefix) {
  std::vector<Entity> groups;
  std::vector<Labelled> current;
  for (const Labelled& item : items) {
    if (!current.empty()) {
      const auto [bi, tag] = bio_tag(item.label);
      if (tag != bio_tag(current.back().label).second || bi == 'B') {
        groups.push_back(group_of(current, prefix));
        current.clear();
      }
    }
    current.push_back(item);
  }
  if (!current.empty()) groups.push_back(group_of(current, prefix));
  return groups;
}

}  // namespace

Result<Aggregation> parse_aggregation(std::string_view name) {
  for (Aggregation a : {Aggregation::none, Aggregation::simple, Aggregation::first, Aggregation::average, Aggregation::max})
    if (name == aggregation_name(a)) return a;
  return input_error("aggregation '" + std::string(name) + "' is not one of none, simple, first, average, max");
}

const char* aggregation_name(Aggregation a) {
  switch (a) {
    case Aggregation::none: return "none";
    case Aggregation::simple: return "simple";
    case Aggregation::first: return "first";
    case Aggregation::average: return "average";
    case Aggregation::max: return "max";
  }
  return "none";
}

Result<std::vector<Entity>> token_classify(Model& model, std::string_view text, const TokenClassifyOptions& options) {
  const HeadWeights& heads = model.bert().heads();
  if (heads.kind != HeadKind::token_classification)
    return detail::missing_head(model, "token classification", "token-classification head", "BertForTokenClassification");
  BW_ASSIGN(EncodeOutput out, model.encode(text, nullptr));
  const Encoding& enc = out.encoding;
  const std::vector<std::string>& labels = model.config().labels;
  const Tokenizer& tokenizer = model.bert().tokenizer();
  const std::string& prefix = tokenizer.options().continuing_subword_prefix;
  std::vector<float> logits(enc.size() * labels.size());
  apply_linear(*heads.classifier, out.last_hidden_state.data(), int(enc.size()), logits.data());

  // HF gather_pre_entities: special tokens out; an [UNK] shows the text it stands for.
  std::vector<PreEntity> tokens;
  for (size_t i = 0; i < enc.size(); ++i) {
    if (enc.sequence_ids[i] < 0) continue;
    PreEntity t;
    t.probs = detail::softmax(logits.data() + i * labels.size(), labels.size());
    t.span = detail::token_span(enc, i);
    t.index = int(i);
    if (enc.ids[i] == tokenizer.unk_id()) {
      t.word = std::string(text.substr(t.span.utf8.start, t.span.utf8.end - t.span.utf8.start));
    } else {
      t.word = enc.tokens[i];
      t.is_subword = !prefix.empty() && t.word.compare(0, prefix.size(), prefix) == 0;
    }
    tokens.push_back(std::move(t));
  }

  std::vector<Labelled> labelled;
  if (options.aggregation == Aggregation::none || options.aggregation == Aggregation::simple) {
    for (const PreEntity& t : tokens) {
      Labelled l = best_label(t.probs, labels);
      l.index = t.index;
      l.word = t.word;
      l.span = t.span;
      labelled.push_back(std::move(l));
    }
  } else {
    std::vector<PreEntity> word;
    for (const PreEntity& t : tokens) {
      if (!word.empty() && !t.is_subword) {
        labelled.push_back(aggregate_word(word, options.aggregation, labels, prefix));
        word.clear();
      }
      word.push_back(t);
    }
    if (!word.empty()) labelled.push_back(aggregate_word(word, options.aggregation, labels, prefix));
  }

  std::vector<Entity> entities;
  if (options.aggregation == Aggregation::none) {
    for (Labelled& l : labelled) entities.push_back({std::move(l.label), l.score, l.index, std::move(l.word), l.span});
  } else {
    entities = group_entities(labelled, prefix);
  }
  const auto& ignore = options.ignore_labels;
  entities.erase(std::remove_if(entities.begin(), entities.end(),
                                [&](const Entity& e) { return std::find(ignore.begin(), ignore.end(), e.label) != ignore.end(); }),
                 entities.end());
  return entities;
}

}  // namespace bertwasm::api
