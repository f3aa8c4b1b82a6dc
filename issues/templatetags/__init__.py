"""Template tags of the issues app."""
