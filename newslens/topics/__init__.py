"""Topics view: lenses (named themes), clustering, the corpus map, their figures and CLI command."""
