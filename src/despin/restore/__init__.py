"""Restoring a text: the Restorer (restorer.py) and its options, one pass over a
document's matches with the guards and views it decides by, the stages after it, and
the changes it returns."""
