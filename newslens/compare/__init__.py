"""Compare view: paragraph alignment, claims (quotes, numbers, hedges, sources), story grouping,
the HTML export and the CLI command."""
