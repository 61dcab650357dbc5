"""Writing rule packs from evidence: from aligned pairs of texts (learn.py), from a farm's
articles alone (corpus.py), and what real pairs say of a swap a rule makes
(pair_evidence.py)."""
