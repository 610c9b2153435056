"""factdesk's terminal interface: the Textual reader app and the ``factdesk`` command line."""
