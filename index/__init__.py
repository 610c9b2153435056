"""factdesk engine: ingest, analysis, Whoosh index, figures and cross-source findings.

This package is a plain library: it must never import Textual (a test enforces it).
"""
