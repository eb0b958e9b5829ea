"""Timeline view: reports over time, volume, re-reports, their figures and CLI command."""
