"""The app's panes."""
