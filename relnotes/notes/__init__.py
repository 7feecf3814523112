"""The note format in both directions, pure: front matter and body read and edited with one grammar.

Nothing here touches the file system, the clock or the environment (tests/test_layers.py)."""
