"""factdesk engine: ingest, analysis, Whoosh index, figures and cross-source findings.

This package is a plain library: it must never import Textual (a test enforces it).
"""

if __name__ != "factdesk.index":  # one copy of each module: never loaded under a second name
    raise ImportError(
        f"factdesk's engine is the package factdesk.index, not {__name__!r}: import it by that name"
    )
