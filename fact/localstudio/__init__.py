"""A local Label Studio for `make run` and the tests: install, start, stop, status (server), its
settings (settings) and the operating-system helpers they need (processes). The app itself talks to
Label Studio only through fact.labelstudio."""
