"""The columnar portfolio engine: many judgments at once, over the same rules and rate tables as engine/."""
