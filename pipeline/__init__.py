"""NewsLens offline pipeline: raw articles -> clean paragraphs -> embeddings -> parquet snapshot."""

PIPELINE_VERSION = "0.1.0"
