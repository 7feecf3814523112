"""relnotes: follow up with the people you meet."""

__version__ = "0.1.0"
