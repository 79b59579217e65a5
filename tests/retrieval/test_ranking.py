"""Pure ranking: tokenising, BM25, fusion and diversity."""

from __future__ import annotations

from coach.retrieval.ranking import BM25, diversify, reciprocal_rank_fusion, tokenize


def test_tokenize_drops_stopwords_and_stems_plurals() -> None:
    assert tokenize("The key results are stalling") == ["key", "result", "stall"]


def test_bm25_prefers_rarer_matching_terms_and_shorter_documents() -> None:
    index = BM25([("a", "retention cohort retention"), ("b", "weekly retention review meeting"),
                  ("c", "deploy pipeline"), ("d", "retention")])
    hits = index.search("retention cohort", 3)
    assert [h.key for h in hits][:1] == ["a"]
    assert "c" not in {h.key for h in hits}


def test_bm25_filter_and_empty_index() -> None:
    index = BM25([("a", "pre-mortem risk"), ("b", "pre-mortem")])
    assert [h.key for h in index.search("pre-mortem", 5, allowed=lambda k: k == "b")] == ["b"]
    assert BM25([]).search("anything", 5) == []


def test_rrf_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "a", "d"]])
    assert [s.key for s in fused][:2] in (["a", "b"], ["b", "a"])
    assert fused[0].score == fused[1].score
    assert {s.key for s in fused} == {"a", "b", "c", "d"}
    weighted = reciprocal_rank_fusion([["a"], ["b"]], weights=[1.0, 2.0])
    assert weighted[0].key == "b"


def test_diversify_limits_items_per_group_but_backfills() -> None:
    items = [("f1", 1), ("f1", 2), ("f1", 3), ("f2", 4), ("f1", 5)]
    assert diversify(items, lambda x: x[0], 3, per_group=2) == [("f1", 1), ("f1", 2), ("f2", 4)]
    assert diversify(items, lambda x: x[0], 5, per_group=1) == [
        ("f1", 1), ("f2", 4), ("f1", 2), ("f1", 3), ("f1", 5)]
