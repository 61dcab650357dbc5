"""What despin keeps on disk: files written whole and folders walked (files.py), and the
cache of compiled rules (cache.py), sealed (seal.py) and keyed by what made it
(provenance.py)."""
