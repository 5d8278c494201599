"""Charts drawn from figures built once, not on every run (issue 19).

Building a plotly figure is slow in Python: plotly express and every `update_layout` validate
each property they set. On a warm page (its data already in the cache) building the figures was
the largest part of the script's own CPU (bench/pages.py; py-spy on the server: about a third
of a warm run's samples, ahead of every query). A figure is a function of its builder, the
builder's arguments and the run's language (`_()` in axis titles and hover labels), so it is
built once per distinct (builder, arguments, language) and kept.

`st.cache_resource`, not `st.cache_data`: a kept figure is handed out as it is, never pickled
and rebuilt (unpickling a plotly figure validates it all again). It is shared between
sessions, so nothing may change it once built: `st.plotly_chart` only reads it (`to_dict`),
and a builder that needs a change does it inside itself. The arguments are hashed in full:
frames by every value (Streamlit's own hashing samples frames of 50,000 rows or more, and two
frames that differ outside the sample must never share a figure).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from types import FunctionType
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from newsdash.dashboard import i18n

KEPT_FIGURES = 300  # a page has up to 5; 11 pages × 2 languages × a few filter sets


def frame_digest(frame: pd.DataFrame) -> bytes:
    """Every value, the index, the column names and dtypes of a frame."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((list(frame.columns), [str(t) for t in frame.dtypes])).encode())
    try:
        digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    except TypeError:  # unhashable cells (lists): the frame's pickle says it all
        digest.update(pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL))
    return digest.digest()


def builder_name(builder: FunctionType) -> str:
    return f"{builder.__module__}.{builder.__qualname__}"


@st.cache_resource(
    max_entries=KEPT_FIGURES, show_spinner=False,
    hash_funcs={pd.DataFrame: frame_digest, FunctionType: builder_name},
)  # fmt: skip
def _built(
    builder: Callable[..., go.Figure], language: str, *args: Any, **kwargs: Any
) -> go.Figure:
    return builder(*args, **kwargs)


def figure(builder: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> go.Figure:
    """`builder(*args, **kwargs)`, built once for the run's language and kept."""
    return _built(builder, i18n.language(), *args, **kwargs)


def chart(builder: Callable[..., go.Figure], *args: Any, key: str | None = None,
          **kwargs: Any) -> None:  # fmt: skip
    """Draw `builder(*args, **kwargs)` across the page's width (a kept figure, see above)."""
    st.plotly_chart(figure(builder, *args, **kwargs), width="stretch", key=key)
