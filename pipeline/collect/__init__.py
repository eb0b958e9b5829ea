"""``python -m pipeline collect``: turn links, feeds, exports and Telegram channel exports into raw
articles (files + ``metadata.csv`` rows + a collection log) that ``python -m pipeline build`` reads.

Modules: ``sources`` (what each SOURCE is), ``fetch`` (polite HTTP), ``exports``, ``feeds``,
``telegram`` (parsers), ``store`` (writing into the raw folder), ``run`` (one collection run),
``cli`` (the subcommand).
"""
