"""The pure core: settings, dates, the model, linking notes, the follow-up rules, profiles.

No file system, clock or environment here (tests/test_layers.py): ``today`` is always a parameter."""
