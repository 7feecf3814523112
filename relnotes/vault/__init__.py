"""The vault on disk: finding notes, reading them (through the cache), writing them safely, git."""
