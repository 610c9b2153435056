"""factdesk's benchmark suite: a deterministic corpus generator and ``python -m bench``."""
