"""Reader view: one article with its metadata, provenance and paragraphs, and the article list."""
