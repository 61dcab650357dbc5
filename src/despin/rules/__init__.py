"""Rule packs: the Rule and its YAML schema, loading with line numbers, the built-in
packs, and the checks that need the engine (validate.py)."""
