"""factdesk's terminal interface: the Textual reader app and the ``factdesk`` command line."""

if __name__ != "factdesk.tui":  # one copy of each module: never loaded under a second name
    raise ImportError(
        f"factdesk's app and command line is the package factdesk.tui, not {__name__!r}: "
        "import it by that name"
    )
