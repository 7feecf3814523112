"""One module per command (or family of commands); each is thin: parse, call, print."""
