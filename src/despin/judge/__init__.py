"""Judging a document and a match: English word-pair counts (context.py), the document
test (evidence.py), and the score of each candidate restoration (scoring.py)."""
