"""Result tables as CSV and JSON files, ready to cite and safe to open in a spreadsheet.

Any page can export a DataFrame or a list of records with these two functions: every text cell
that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is guarded with a leading quote,
headers included; JSON keeps values as they are (JSON is never evaluated) with NaN as null.
"""
from __future__ import annotations

import io
import json
import math
import re
from datetime import date, datetime
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from newslens.safe import guard_csv_cell


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, Mapping):
        value = json.dumps(value, ensure_ascii=False, default=str)
    return guard_csv_cell(value)


def guarded_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names cannot act as spreadsheet formulas."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_cell).astype(object)
    out.columns = [guard_csv_cell(str(c)) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheet programs pick the right encoding), formula cells guarded."""
    buffer = io.StringIO()
    guarded_frame(frame).to_csv(buffer, index=False)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_NOT_IN_FILE_NAME = re.compile(r"[\W_]+", re.UNICODE)     # a run of anything but letters and digits
FILE_NAME_PART_CHARS = 60     # what made a download, in its name, before it is cut


def file_name(*parts: str, ext: str) -> str:
    """A download's name from what made it ("newslens", "search", "soldiers refuse: to fight?" ->
    "newslens-search-soldiers-refuse-to-fight.csv"): letters of any script and digits kept, each run
    of anything else one hyphen (a topics list "Lens: morale" was "newslens-lens--morale.csv"), each
    part cut to ``FILE_NAME_PART_CHARS``; empty parts dropped (every search was "newslens-search.csv")."""
    words = [_NOT_IN_FILE_NAME.sub("-", str(p)).strip("-")[:FILE_NAME_PART_CHARS].strip("-") for p in parts]
    return "-".join(w for w in words if w) + "." + ext


def with_inputs(frame: pd.DataFrame, inputs: Mapping[str, Any]) -> pd.DataFrame:
    """``frame`` with what made it (a query, a ranking, the filters), one column each, the same on
    every row: a CSV has no header to say it (the JSON exports carry it in their ``envelope``), and
    a table pasted into a spreadsheet must still say which search it was. An empty result is one row
    of its inputs, the result columns empty, as the JSON keeps its inputs beside no results: a header
    alone ("text,query") lost the search that found nothing."""
    if frame.empty:
        frame = frame.reindex(pd.RangeIndex(1))
    return frame.assign(**{name: [value] * len(frame) for name, value in inputs.items()})


def to_jsonable(value: Any) -> Any:
    """Frames, numpy scalars, timestamps and NaN/NaT -> plain JSON values (NaN becomes null).

    The one conversion for the CLI's ``--json`` and the JSON downloads; a timestamp at midnight
    (a day) is written as its date.
    """
    if isinstance(value, pd.DataFrame):
        return [to_jsonable(r) for r in value.to_dict(orient="records")]
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [to_jsonable(v) for v in value.tolist()]
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp) and value == value.normalize():
        return value.isoformat()[:10]
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def to_json_bytes(records: pd.DataFrame | Iterable[Mapping[str, Any]] | Mapping[str, Any]) -> bytes:
    """A JSON array of objects, or one object (an ``envelope``) (UTF-8, non-ASCII kept readable)."""
    if isinstance(records, Mapping):
        payload = to_jsonable(records)
    else:
        if isinstance(records, pd.DataFrame):
            records = records.to_dict(orient="records")
        payload = [to_jsonable(dict(r)) for r in records]
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")


def envelope(snapshot_id: str, inputs: Mapping[str, Any], notices: Iterable[str], **results: Any) -> dict[str, Any]:
    """Every command's ``--json`` (and a page's JSON export of the same result) in one shape: the
    snapshot it came from, the inputs as applied (names and ids resolved, None for a default), the
    notices the page and the text output show, then the results under their own keys. A file must
    say what made it (set 34's review: a bare list of hits could not be traced to its query)."""
    return {"snapshot_id": snapshot_id, "inputs": dict(inputs), "notices": list(notices), **results}
