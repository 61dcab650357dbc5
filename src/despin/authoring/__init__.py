"""Writing rule packs from evidence: pairs of clean and spun texts aligned word by word
(align.py), their swaps counted into proposals (learn.py) and made loadable (finish.py),
a farm's table from its articles alone (corpus.py), and what real pairs say of a swap a
rule makes (pair_evidence.py)."""
