"""Tracing a spun page to the original it was copied from: the features a spinner leaves
alone (fingerprint.py), an archive's index (index.py), the look-up and its scores
(tracer.py), and the ways to show traces (report.py)."""
