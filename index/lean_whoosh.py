"""Whoosh without its web client at start-up (issue #17, item 4).

``whoosh.compat``, which every Whoosh module imports, runs ``from urllib.request import
urlretrieve``: that loads ``urllib.request`` and with it ``http.client``, the email parser and
``ssl`` (16 ms of every lookup's 160), for a function no part of Whoosh calls. ``load()`` imports
``whoosh.compat`` with a ``urllib.request`` of one function, a ``urlretrieve`` that imports the
real module when it is called, and takes it away again: any later ``import urllib.request``
loads the real module (``factdesk add`` does).

Only the command line calls it, once, before it runs a command: it runs alone then. A thread
that imported ``urllib.request`` in the same few milliseconds would get the one-function module,
so the app (whose workers import as they go) imports Whoosh as it is.
"""

from __future__ import annotations

import sys
import types


def _urlretrieve(*args, **kwargs):
    """``urllib.request.urlretrieve``, imported when called."""
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def load() -> None:
    """Import ``whoosh.compat`` without ``urllib.request`` (nothing when either is loaded)."""
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    lent = types.ModuleType("urllib.request", "urlretrieve only, imported when called")
    lent.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    sys.modules["urllib.request"] = lent
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is lent:
            del sys.modules["urllib.request"]
