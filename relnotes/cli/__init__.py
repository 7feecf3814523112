"""The command line: the only layer that imports click. Commands parse, call one function, print."""
