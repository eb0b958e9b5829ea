"""Search view: semantic, lexical and hybrid paragraph search, "more like this", and its CLI command."""
