"""factdesk: a keyboard-driven terminal reader and fact-checker for multilingual news.

One package, built from the repository's folders (``pyproject.toml`` maps them): the engine
``factdesk.index`` (``index/``: a plain library, no Textual), the app and command line
``factdesk.tui`` (``tui/``), and the demo corpus ``factdesk/seeds`` (``seeds/``). In a
checkout, ``factdesk/`` holds links to those folders, so that the same names import there.
"""

__version__ = "0.1.0"
