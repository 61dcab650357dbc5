"""The engine that restores a text: the Restorer (restorer.py) and its options, the
Decider its stages consult (decider.py), one pass over a document's matches with the
guards and views it decides by (passes.py, guards.py, views.py), the stages after the
pass (after_pass.py), and the changes it returns (changes.py)."""
