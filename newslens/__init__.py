"""NewsLens read side: load snapshots and compute what the app and the CLI show."""

__version__ = "0.1.0"
