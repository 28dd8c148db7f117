// The task pipelines (api/tasks.h) against the float64 references of the tiny task models:
// fill-mask top-5 and scores, next-sentence and classification probabilities, NER labels,
// scores and offsets (every aggregation strategy on hand-derived groups), QA spans, scores and
// offsets, windowed QA against a brute-force search, HF's decode, and the errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "api/task_support.h"
#include "api/tasks.h"
#include "test_support.h"
#include "util/file.h"

namespace bertwasm::test {
namespace {

constexpr double kMaxScoreError = 1e-4;  // probabilities vs those of the float64 reference logits

api::Model& model(const std::string& name) {
  static std::map<std::string, std::unique_ptr<api::Model>> cache;
  auto& m = cache[name];
  if (!m) {
    auto r = api::Model::load(read_model_files(name), LoadOptions{DType::f32, 1});
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    m = std::move(r).value();
  }
  return *m;
}

struct Item {
  nlohmann::json tokens, heads;
  std::string id, text, pair;
  bool has_pair = false;
  const std::string_view* pair_view() const {
    static thread_local std::string_view v;
    v = pair;
    return has_pair ? &v : nullptr;
  }
};

std::vector<Item> items(const std::string& name) {
  const auto tokens = read_json(shared_path("models/" + name + "/reference/tokens.json"));
  const auto heads = read_json(shared_path("models/" + name + "/reference/heads.json"));
  std::vector<Item> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    Item it{tokens[i], heads["items"][i], tokens[i]["id"], tokens[i]["text"], "", false};
    if (tokens[i].contains("text_pair") && !tokens[i]["text_pair"].is_null()) {
      it.pair = tokens[i]["text_pair"];
      it.has_pair = true;
    }
    out.push_back(std::move(it));
  }
  return out;
}

Item item(const std::string& model_name, const std::string& id) {
  for (Item& it : items(model_name))
    if (it.id == id) return it;
  ADD_FAILURE() << "no item " << id;
  return {};
}

// Softmax of float64 reference logits over `allowed` indices (all when empty).
std::vector<double> ref_softmax(const std::vector<double>& logits, const std::vector<int>& allowed = {}) {
  std::vector<double> p(logits.size(), 0.0);
  double top = -INFINITY, sum = 0;
  auto each = [&](const std::function<void(size_t)>& f) {
    if (allowed.empty()) {
      for (size_t i = 0; i < logits.size(); ++i) f(i);
    } else {
      for (int i : allowed) f(size_t(i));
    }
  };
  each([&](size_t i) { top = std::max(top, logits[i]); });
  each([&](size_t i) { sum += p[i] = std::exp(logits[i] - top); });
  for (double& v : p) v /= sum;
  return p;
}

// ---- fill-mask ----

TEST(FillMask, TopFiveIdsTokensAndScoresMatchReference) {
  int masks = 0;
  for (const Item& it : items("tiny-pretraining")) {
    if (!it.heads.contains("mlm")) continue;
    SCOPED_TRACE(it.id);
    auto r = api::fill_mask(model("tiny-pretraining"), it.text, {5});
    ASSERT_TRUE(r.ok()) << r.status().to_string();
    ASSERT_EQ(r->size(), it.heads["mlm"].size());
    for (size_t m = 0; m < r->size(); ++m, ++masks) {
      const auto& ref = it.heads["mlm"][m];
      ASSERT_EQ((*r)[m].size(), 5u);
      for (size_t k = 0; k < 5; ++k) {
        EXPECT_EQ((*r)[m][k].token_id, ref["top5_ids"][k].get<int>());
        EXPECT_EQ((*r)[m][k].token, ref["top5_tokens"][k].get<std::string>());
        EXPECT_NEAR((*r)[m][k].score, ref["top5_probs"][k].get<double>(), kMaxScoreError);
      }
    }
  }
  EXPECT_EQ(masks, 8);
}

TEST(FillMask, SequencesAreDecodedAsHuggingFaceDoes) {
  api::Model& m = model("tiny-pretraining");
  auto top1 = [&](const std::string& text, size_t mask) {
    auto r = api::fill_mask(m, text, {1});
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() && mask < r->size() ? (*r)[mask][0].sequence : std::string("<error>");
  };
  // One mask: special tokens left out, spaces before punctuation cleaned up.
  EXPECT_EQ(top1("The capital of France is [MASK].", 0), "the capital of france is huntsville.");
  EXPECT_EQ(top1("The Chinese character 水 means [MASK].", 0), "the chinese character 水 means huntsville.");
  // A continuation piece first in the text keeps its "##" (HF decodes it so).
  EXPECT_EQ(top1("[MASK] went to the market to buy some bread.", 0), "##内 went to the market to buy some bread.");
  // Several masks: decoded with the special tokens, so the other [MASK] stays visible.
  const std::string two = "[MASK] is a programming language used for [MASK] development.";
  EXPECT_EQ(top1(two, 0), "[CLS]内 is a programming language used for [MASK] development. [SEP]");
  EXPECT_EQ(top1(two, 1), "[CLS] [MASK] is a programming language used for内 development. [SEP]");
  EXPECT_EQ(top1("Hello[MASK]world and ([MASK]).", 0), "[CLS] hellowg world and ( [MASK] ). [SEP]");
  EXPECT_EQ(top1("Hello[MASK]world and ([MASK]).", 1), "[CLS] hello [MASK] world and ( huntsville ). [SEP]");
}

TEST(FillMask, TopKIsClampedAndScoresDescend) {
  auto r = api::fill_mask(model("tiny-pretraining"), "The capital of France is [MASK].", {40000});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ((*r)[0].size(), 30522u);
  double total = 0;
  for (size_t k = 0; k < (*r)[0].size(); ++k) {
    total += (*r)[0][k].score;
    if (k) {
      EXPECT_GE((*r)[0][k - 1].score, (*r)[0][k].score);
    }
  }
  EXPECT_NEAR(total, 1.0, 1e-9);
}

// ---- next sentence ----

TEST(NextSentence, ProbabilityAndLogitsMatchReference) {
  int pairs = 0;
  for (const Item& it : items("tiny-pretraining")) {
    if (!it.has_pair) continue;
    SCOPED_TRACE(it.id);
    auto r = api::next_sentence(model("tiny-pretraining"), it.text, it.pair);
    ASSERT_TRUE(r.ok()) << r.status().to_string();
    EXPECT_NEAR(r->logits[0], it.heads["nsp_logits"][0].get<double>(), 1e-4);
    EXPECT_NEAR(r->logits[1], it.heads["nsp_logits"][1].get<double>(), 1e-4);
    EXPECT_NEAR(r->is_next, it.heads["nsp_probs"][0].get<double>(), kMaxScoreError);
    ++pairs;
  }
  EXPECT_EQ(pairs, 10);
}

// ---- classification ----

TEST(Classify, LabelsLogitsAndProbabilitiesMatchReference) {
  for (const Item& it : items("tiny-seqcls")) {
    SCOPED_TRACE(it.id);
    auto all = api::classify(model("tiny-seqcls"), it.text, it.pair_view(), {0});
    ASSERT_TRUE(all.ok()) << all.status().to_string();
    ASSERT_EQ(all->labels.size(), 3u);
    const auto probs = it.heads["probs"].get<std::vector<double>>();
    for (size_t i = 0; i < 3; ++i) EXPECT_NEAR(all->logits[i], it.heads["logits"][i].get<double>(), 1e-4);
    for (const api::LabelScore& l : all->labels) EXPECT_NEAR(l.score, probs[size_t(l.id)], kMaxScoreError);
    EXPECT_GE(all->labels[0].score, all->labels[1].score);
    EXPECT_GE(all->labels[1].score, all->labels[2].score);

    auto top = api::classify(model("tiny-seqcls"), it.text, it.pair_view(), {});
    ASSERT_TRUE(top.ok());
    ASSERT_EQ(top->labels.size(), 1u);
    EXPECT_EQ(top->labels[0].label, it.heads["label"].get<std::string>());
    EXPECT_EQ(top->labels[0].id, it.heads["label_id"].get<int>());
  }
}

TEST(Classify, MultiLabelModelsUseSigmoid) {
  FileMap files = read_model_files("tiny-seqcls");
  auto config = nlohmann::json::parse(files["config.json"]);
  config["problem_type"] = "multi_label_classification";
  files["config.json"] = config.dump();
  auto m = api::Model::load(files, {});
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  const Item it = item("tiny-seqcls", "cls_positive");
  auto r = api::classify(**m, it.text, nullptr, {0});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  for (const api::LabelScore& l : r->labels)
    EXPECT_NEAR(l.score, 1 / (1 + std::exp(-it.heads["logits"][size_t(l.id)].get<double>())), kMaxScoreError);
}

// ---- token classification ----

const Item& tokcls_item(const std::string& id) {
  static std::map<std::string, Item> cache;
  if (!cache.count(id)) cache[id] = item("tiny-tokcls", id);
  return cache[id];
}

std::vector<double> token_probs(const Item& it, size_t token) {
  return ref_softmax(it.heads["logits"][token].get<std::vector<double>>());
}

TEST(TokenClassify, EveryTokenLabelScoreAndOffsetMatchReference) {
  for (const Item& it : items("tiny-tokcls")) {
    if (it.has_pair) continue;  // token classification takes one text
    SCOPED_TRACE(it.id);
    api::TokenClassifyOptions o;
    o.ignore_labels = {};
    auto r = api::token_classify(model("tiny-tokcls"), it.text, o);
    ASSERT_TRUE(r.ok()) << r.status().to_string();
    const auto seq_ids = it.tokens["sequence_ids"];
    size_t next = 0;
    for (size_t t = 0; t < seq_ids.size(); ++t) {
      if (seq_ids[t].is_null()) continue;  // [CLS] / [SEP] are never reported
      ASSERT_LT(next, r->size());
      const api::Entity& e = (*r)[next++];
      EXPECT_EQ(e.index, int(t));
      EXPECT_EQ(e.label, it.heads["labels"][t].get<std::string>());
      const std::vector<double> p = token_probs(it, t);
      EXPECT_NEAR(e.score, *std::max_element(p.begin(), p.end()), kMaxScoreError);
      EXPECT_EQ(e.span.codepoints.start, it.tokens["offsets"][t][0].get<uint32_t>());
      EXPECT_EQ(e.span.codepoints.end, it.tokens["offsets"][t][1].get<uint32_t>());
      EXPECT_EQ(e.span.utf16.start, it.tokens["offsets_utf16"][t][0].get<uint32_t>());
      EXPECT_EQ(e.span.utf16.end, it.tokens["offsets_utf16"][t][1].get<uint32_t>());
      const std::string token = it.tokens["tokens"][t];
      if (token == "[UNK]") {  // the text it stands for, as written
        EXPECT_EQ(e.word, it.text.substr(e.span.utf8.start, e.span.utf8.end - e.span.utf8.start));
      } else {
        EXPECT_EQ(e.word, token);
      }
    }
    EXPECT_EQ(next, r->size());
  }
}

TEST(TokenClassify, DefaultLeavesOutTheOLabel) {
  const Item& it = tokcls_item("ner_turkish");  // "##iy" is the one O token
  auto r = api::token_classify(model("tiny-tokcls"), it.text, {});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->size(), 19u);
  for (const api::Entity& e : *r) EXPECT_NE(e.label, "O");
  const auto unk = api::token_classify(model("tiny-tokcls"), tokcls_item("ner_emoji").text, {});
  ASSERT_TRUE(unk.ok());
  EXPECT_EQ((*unk)[1].word, "👩‍💻");  // an [UNK] shows its text
}

struct Group {
  std::string label, word;
  uint32_t start, end;  // code points
};

// The expected score of a group: mean over its words; a word's score by `how` from the float64
// reference probabilities of its tokens (the non-special tokens inside [start, end)).
double group_score(const Item& it, const Group& g, api::Aggregation how) {
  std::vector<std::vector<size_t>> words;
  for (size_t t = 0; t < it.tokens["tokens"].size(); ++t) {
    if (it.tokens["sequence_ids"][t].is_null()) continue;
    if (it.tokens["offsets"][t][0].get<uint32_t>() < g.start || it.tokens["offsets"][t][1].get<uint32_t>() > g.end) continue;
    const std::string tok = it.tokens["tokens"][t];
    if (words.empty() || how == api::Aggregation::simple || tok.rfind("##", 0) != 0) words.emplace_back();
    words.back().push_back(t);
  }
  double sum = 0;
  for (const auto& w : words) {
    std::vector<double> best;
    if (how == api::Aggregation::simple || how == api::Aggregation::first) {
      best = token_probs(it, w[0]);
    } else if (how == api::Aggregation::max) {
      for (size_t t : w) {
        auto p = token_probs(it, t);
        if (best.empty() || *std::max_element(p.begin(), p.end()) > *std::max_element(best.begin(), best.end())) best = p;
      }
    } else {
      best.assign(9, 0.0);
      for (size_t t : w) {
        auto p = token_probs(it, t);
        for (size_t i = 0; i < 9; ++i) best[i] += p[i] / double(w.size());
      }
    }
    sum += *std::max_element(best.begin(), best.end());
  }
  return sum / double(words.size());
}

void expect_groups(const std::string& id, api::Aggregation how, const std::vector<Group>& want) {
  SCOPED_TRACE(id + " / " + api::aggregation_name(how));
  const Item& it = tokcls_item(id);
  api::TokenClassifyOptions o;
  o.aggregation = how;
  auto r = api::token_classify(model("tiny-tokcls"), it.text, o);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const api::Entity& e = (*r)[i];
    EXPECT_EQ(e.label, want[i].label) << i;
    EXPECT_EQ(e.word, want[i].word) << i;
    EXPECT_EQ(e.index, -1);
    EXPECT_EQ(e.span.codepoints.start, want[i].start) << i;
    EXPECT_EQ(e.span.codepoints.end, want[i].end) << i;
    EXPECT_NEAR(e.score, group_score(it, want[i], how), kMaxScoreError) << i;
  }
}

// Groups derived by hand from the reference labels (tokens.json / heads.json) with HF's rules:
// a B- tag or a change of tag starts a new group; "O" groups are dropped.
TEST(TokenClassify, SimpleGroupsTokensByTag) {
  expect_groups("ner_accents", api::Aggregation::simple,
                {{"ORG", "jose nunez", 0, 10}, {"PER", "and", 11, 14}, {"ORG", "zoe", 15, 18},
                 {"LOC", "saldana work", 19, 31}, {"MISC", "for", 32, 35}, {"ORG", "societe", 36, 43},
                 {"LOC", "general", 44, 51}, {"MISC", "##e", 51, 52}, {"MISC", "in", 53, 55}, {"LOC", ".", 62, 63}});
  expect_groups("ner_turkish", api::Aggregation::simple,
                {{"LOC", "istanbul", 0, 8}, {"MISC", "and", 9, 12}, {"LOC", "diyar", 13, 18}, {"PER", "##ba", 18, 20},
                 {"MISC", "##k", 20, 21}, {"LOC", "##ı", 21, 22}, {"ORG", "##r", 22, 23}, {"MISC", "are", 24, 27},
                 {"LOC", "cities", 28, 34}, {"ORG", "in", 35, 37}, {"MISC", "turk", 38, 42}, {"LOC", "##e ;", 44, 46},
                 {"ORG", "is", 47, 49}, {"MISC", "##ik", 49, 51}, {"LOC", "means", 52, 57}, {"ORG", "light", 58, 63},
                 {"PER", ".", 63, 64}});
}

TEST(TokenClassify, FirstLabelsEachWordByItsFirstToken) {
  expect_groups("ner_accents", api::Aggregation::first,
                {{"ORG", "jose nunez", 0, 10}, {"PER", "and", 11, 14}, {"ORG", "zoe", 15, 18},
                 {"LOC", "saldana work", 19, 31}, {"MISC", "for", 32, 35}, {"ORG", "societe", 36, 43},
                 {"LOC", "generale", 44, 52}, {"MISC", "in", 53, 55}, {"LOC", ".", 62, 63}});
  expect_groups("ner_turkish", api::Aggregation::first,
                {{"LOC", "istanbul", 0, 8}, {"MISC", "and", 9, 12}, {"LOC", "diyarbakır", 13, 23}, {"MISC", "are", 24, 27},
                 {"LOC", "cities", 28, 34}, {"ORG", "in", 35, 37}, {"MISC", "turkiye", 38, 45}, {"LOC", ";", 45, 46},
                 {"ORG", "isik", 47, 51}, {"LOC", "means", 52, 57}, {"ORG", "light", 58, 63}, {"PER", ".", 63, 64}});
}

TEST(TokenClassify, MaxLabelsEachWordByItsMostConfidentToken) {
  // generale: "##e" (B-MISC, 0.152) beats "general" (I-LOC, 0.145); turkiye: "##e" (I-LOC) wins,
  // so the word joins the following ";" (I-LOC).
  expect_groups("ner_accents", api::Aggregation::max,
                {{"ORG", "jose nunez", 0, 10}, {"PER", "and", 11, 14}, {"ORG", "zoe", 15, 18},
                 {"LOC", "saldana work", 19, 31}, {"MISC", "for", 32, 35}, {"ORG", "societe", 36, 43},
                 {"MISC", "generale", 44, 52}, {"MISC", "in", 53, 55}, {"LOC", ".", 62, 63}});
  expect_groups("ner_turkish", api::Aggregation::max,
                {{"LOC", "istanbul", 0, 8}, {"MISC", "and", 9, 12}, {"LOC", "diyarbakır", 13, 23}, {"MISC", "are", 24, 27},
                 {"LOC", "cities", 28, 34}, {"ORG", "in", 35, 37}, {"LOC", "turkiye ;", 38, 46}, {"ORG", "isik", 47, 51},
                 {"LOC", "means", 52, 57}, {"ORG", "light", 58, 63}, {"PER", ".", 63, 64}});
}

TEST(TokenClassify, AverageLabelsEachWordByItsMeanScores) {
  // generale: mean scores put B-LOC first (a new group after ORG "societe").
  expect_groups("ner_accents", api::Aggregation::average,
                {{"ORG", "jose nunez", 0, 10}, {"PER", "and", 11, 14}, {"ORG", "zoe", 15, 18},
                 {"LOC", "saldana work", 19, 31}, {"MISC", "for", 32, 35}, {"ORG", "societe", 36, 43},
                 {"LOC", "generale", 44, 52}, {"MISC", "in", 53, 55}, {"LOC", ".", 62, 63}});
  expect_groups("ner_turkish", api::Aggregation::average,
                {{"LOC", "istanbul", 0, 8}, {"MISC", "and", 9, 12}, {"LOC", "diyarbakır", 13, 23}, {"MISC", "are", 24, 27},
                 {"LOC", "cities", 28, 34}, {"ORG", "in", 35, 37}, {"LOC", "turkiye ;", 38, 46}, {"ORG", "isik", 47, 51},
                 {"LOC", "means", 52, 57}, {"ORG", "light", 58, 63}, {"PER", ".", 63, 64}});
}

TEST(TokenClassify, AggregationNames) {
  for (const char* n : {"none", "simple", "first", "average", "max"}) {
    auto a = api::parse_aggregation(n);
    ASSERT_TRUE(a.ok());
    EXPECT_STREQ(api::aggregation_name(*a), n);
  }
  EXPECT_EQ(api::parse_aggregation("mean").status().code(), ErrorCode::input);
}

// ---- question answering ----

// p(start) · p(end) of a span from the float64 reference logits: softmax over [CLS] and the
// context tokens (sequence id 1), as HF's pipeline normalises.
double ref_span_score(const Item& it, int start, int end) {
  std::vector<int> allowed = {0};
  for (size_t t = 0; t < it.tokens["sequence_ids"].size(); ++t)
    if (it.tokens["sequence_ids"][t] == 1) allowed.push_back(int(t));
  const auto ps = ref_softmax(it.heads["start_logits"].get<std::vector<double>>(), allowed);
  const auto pe = ref_softmax(it.heads["end_logits"].get<std::vector<double>>(), allowed);
  return ps[size_t(start)] * pe[size_t(end)];
}

void expect_span(const api::Answer& a, const nlohmann::json& ref, const Item& it) {
  EXPECT_EQ(a.answer, ref["answer"].get<std::string>());
  EXPECT_EQ(a.span.codepoints.start, ref["char_start"].get<uint32_t>());
  EXPECT_EQ(a.span.codepoints.end, ref["char_end"].get<uint32_t>());
  EXPECT_EQ(a.span.utf16.start, ref["utf16_start"].get<uint32_t>());
  EXPECT_EQ(a.span.utf16.end, ref["utf16_end"].get<uint32_t>());
  EXPECT_NEAR(a.score, ref_span_score(it, ref["start"], ref["end"]), kMaxScoreError);
}

TEST(Answer, BestSpansMatchReference) {
  int pairs = 0;
  for (const Item& it : items("tiny-qa")) {
    if (!it.has_pair) continue;
    SCOPED_TRACE(it.id);
    api::AnswerOptions o;  // max_answer_length 30, as best_span
    auto bounded = api::answer(model("tiny-qa"), it.text, it.pair, o);
    ASSERT_TRUE(bounded.ok()) << bounded.status().to_string();
    ASSERT_EQ(bounded->size(), 1u);
    expect_span((*bounded)[0], it.heads["best_span"], it);
    o.max_answer_length = 0;  // unbounded, as transformers.js
    auto unbounded = api::answer(model("tiny-qa"), it.text, it.pair, o);
    ASSERT_TRUE(unbounded.ok()) << unbounded.status().to_string();
    expect_span((*unbounded)[0], it.heads["best_span_unbounded"], it);
    ++pairs;
  }
  EXPECT_EQ(pairs, 10);
}

TEST(Answer, TopKSpansAreDistinctRankedAndInsideTheContext) {
  const Item it = item("tiny-qa", "qa_eiffel");
  api::AnswerOptions o;
  o.top_k = 20;
  o.max_answer_length = 5;
  auto r = api::answer(model("tiny-qa"), it.text, it.pair, o);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->size(), 20u);
  expect_span((*r)[0], it.heads["best_span"], it);  // 1 token: within 5
  for (size_t i = 0; i < r->size(); ++i) {
    const api::Answer& a = (*r)[i];
    if (i) {
      EXPECT_GE((*r)[i - 1].score, a.score);
    }
    EXPECT_EQ(a.answer, it.pair.substr(a.span.utf8.start, a.span.utf8.end - a.span.utf8.start));
    for (size_t j = 0; j < i; ++j) EXPECT_FALSE((*r)[j].span.utf8.start == a.span.utf8.start && (*r)[j].span.utf8.end == a.span.utf8.end);
  }
}

// Windowed QA against a brute-force search written plainly here: every window's logits from the
// encoder + QA head, every (start, end) pair of context tokens scored.
TEST(Answer, LongContextWindowsMatchBruteForce) {
  api::Model& m = model("tiny-qa");
  const Item it = item("tiny-qa", "qa_long");  // 175 tokens
  api::AnswerOptions o;
  o.top_k = 3;
  o.max_length = 48;
  o.stride = 12;
  o.max_answer_length = 0;
  auto r = api::answer(m, it.text, it.pair, o);
  ASSERT_TRUE(r.ok()) << r.status().to_string();

  api::TokenizeOptions whole;
  whole.truncation = false;
  auto full = m.tokenize(it.text, it.pair_view(), whole);
  ASSERT_TRUE(full.ok());
  const int q = int(std::count(full->sequence_ids.begin(), full->sequence_ids.end(), 0));
  const int n = int(full->size()) - q - 3, room = 48 - q - 3;
  struct Span { double score; int start, end; };
  std::vector<Span> all;
  int windows = 0;
  for (int first = 0;; first += room - 12, ++windows) {
    const int last = std::min(n, first + room);
    std::vector<int32_t> ids(full->ids.begin(), full->ids.begin() + q + 2), types(size_t(q + 2), 0);
    for (int j = first; j < last; ++j) ids.push_back(full->ids[size_t(q + 2 + j)]);
    ids.push_back(full->ids.back());
    types.resize(ids.size(), 1);
    TokenBatch batch;
    batch.add(ids.data(), types.data(), int(ids.size()));
    const int dim = m.config().hidden_size;
    std::vector<float> hidden(ids.size() * size_t(dim)), logits(ids.size() * 2);
    ASSERT_TRUE(m.forward(batch, hidden.data()).ok());
    apply_linear(*m.bert().heads().qa, hidden.data(), int(ids.size()), logits.data());
    std::vector<int> allowed = {0};
    for (int j = first; j < last; ++j) allowed.push_back(q + 2 + j - first);
    std::vector<double> s, e;
    for (size_t t = 0; t < ids.size(); ++t) {
      s.push_back(logits[2 * t]);
      e.push_back(logits[2 * t + 1]);
    }
    const auto ps = ref_softmax(s, allowed), pe = ref_softmax(e, allowed);
    for (int a = first; a < last; ++a)
      for (int b = a; b < last; ++b) all.push_back({ps[size_t(q + 2 + a - first)] * pe[size_t(q + 2 + b - first)], a, b});
    if (last == n) break;
  }
  EXPECT_GE(windows + 1, 5);
  std::stable_sort(all.begin(), all.end(), [](const Span& a, const Span& b) { return a.score > b.score; });
  std::vector<Span> want;
  for (const Span& s : all) {
    const bool dup = std::any_of(want.begin(), want.end(), [&](const Span& w) { return w.start == s.start && w.end == s.end; });
    if (!dup) want.push_back(s);
    if (want.size() == 3) break;
  }
  ASSERT_EQ(r->size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const Span& w = want[i];
    EXPECT_NEAR((*r)[i].score, w.score, 1e-12);
    EXPECT_EQ((*r)[i].span.utf8.start, full->offsets_utf8[size_t(q + 2 + w.start)].start);
    EXPECT_EQ((*r)[i].span.utf8.end, full->offsets_utf8[size_t(q + 2 + w.end)].end);
  }
}

TEST(Answer, OneWindowWhenTheContextFits) {
  // max_length at the model's full 512 positions and the default (384) give the same answer.
  const Item it = item("tiny-qa", "qa_long");
  api::AnswerOptions a, b;
  b.max_length = 512;
  auto ra = api::answer(model("tiny-qa"), it.text, it.pair, a), rb = api::answer(model("tiny-qa"), it.text, it.pair, b);
  ASSERT_TRUE(ra.ok() && rb.ok());
  EXPECT_EQ((*ra)[0].answer, (*rb)[0].answer);
  EXPECT_EQ((*ra)[0].score, (*rb)[0].score);
}

// ---- decode ----

TEST(Decode, WordPiecesJoinAsHuggingFace) {
  using api::detail::clean_up_tokenization;
  using api::detail::join_wordpieces;
  EXPECT_EQ(join_wordpieces({"louis", "fr", "##emy", "."}, "##"), "louis fremy.");
  EXPECT_EQ(join_wordpieces({"##e", "x"}, "##"), "##e x");
  EXPECT_EQ(join_wordpieces({"we", "'", "re", "?", ","}, "##"), "we ' re?,");
  EXPECT_EQ(join_wordpieces({"do", "n't"}, "##"), "don't");
  EXPECT_EQ(join_wordpieces({}, "##"), "");
  EXPECT_EQ(clean_up_tokenization("we ' re here , do not go !"), "we're here, do not go!");
}

// ---- errors ----

TEST(TaskErrors, MissingHeadIsUnsupported) {
  EXPECT_EQ(api::fill_mask(model("tiny-seqcls"), "a [MASK].", {}).status().code(), ErrorCode::unsupported);
  EXPECT_EQ(api::next_sentence(model("tiny-qa"), "a", "b").status().code(), ErrorCode::unsupported);
  EXPECT_EQ(api::classify(model("tiny-tokcls"), "a", nullptr, {}).status().code(), ErrorCode::unsupported);
  EXPECT_EQ(api::token_classify(model("tiny-seqcls"), "a", {}).status().code(), ErrorCode::unsupported);
  auto qa = api::answer(model("tiny-pretraining"), "q", "c", {});
  EXPECT_EQ(qa.status().code(), ErrorCode::unsupported);
  EXPECT_NE(qa.status().message().find("BertForPreTraining"), std::string::npos) << qa.status().message();
  EXPECT_NE(qa.status().message().find("BertForQuestionAnswering"), std::string::npos) << qa.status().message();
}

TEST(TaskErrors, BadInputIsInputErrorAndTheModelKeepsWorking) {
  api::Model& pre = model("tiny-pretraining");
  auto no_mask = api::fill_mask(pre, "There is no mask here.", {});
  EXPECT_EQ(no_mask.status().code(), ErrorCode::input);
  EXPECT_NE(no_mask.status().message().find("[MASK]"), std::string::npos) << no_mask.status().message();
  EXPECT_EQ(api::fill_mask(pre, "a [MASK]", {0}).status().code(), ErrorCode::input);
  EXPECT_TRUE(api::fill_mask(pre, "a [MASK]", {}).ok());

  api::Model& qa = model("tiny-qa");
  EXPECT_EQ(api::answer(qa, "Where?", "", {}).status().code(), ErrorCode::input);
  EXPECT_EQ(api::answer(qa, "Where?", " \t\u200b", {}).status().code(), ErrorCode::input);
  api::AnswerOptions small;
  small.max_length = 8;  // the question takes the whole window
  auto too_long = api::answer(qa, "Where is the tower built for the fair?", "In Paris.", small);
  EXPECT_EQ(too_long.status().code(), ErrorCode::input);
  EXPECT_NE(too_long.status().message().find("question"), std::string::npos) << too_long.status().message();
  api::AnswerOptions bad;
  bad.top_k = 0;
  EXPECT_EQ(api::answer(qa, "q", "c", bad).status().code(), ErrorCode::input);
  bad = {};
  bad.max_length = 513;
  EXPECT_EQ(api::answer(qa, "q", "c", bad).status().code(), ErrorCode::input);
  bad = {};
  bad.max_length = 20;
  bad.stride = 30;
  const Item it = item("tiny-qa", "qa_long");
  EXPECT_EQ(api::answer(qa, "Why?", it.pair, bad).status().code(), ErrorCode::input);
  // A context shorter than the question is an ordinary case.
  auto short_context = api::answer(qa, "Where is the tower that was built for the fair?", "In Paris.", {});
  ASSERT_TRUE(short_context.ok()) << short_context.status().to_string();
  EXPECT_EQ(api::classify(model("tiny-seqcls"), "a", nullptr, {-1}).status().code(), ErrorCode::input);
}

}  // namespace
}  // namespace bertwasm::test
