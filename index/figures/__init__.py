"""Figures in articles, what they are about, and how sources agree or disagree on them."""
