"""Rules compiled once, for every text: the matcher, the variants no rule lists and near
misses, crossings, and CompiledRules (compiled.py), the unit the cache stores and workers
get."""
