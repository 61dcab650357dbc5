"""Beyond the dictionaries: suggestions for tortured phrases that no list holds
(suggest.py, vocabulary.py), and a thesaurus for words no dictionary lists (unseen.py)."""
