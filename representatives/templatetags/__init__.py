"""Template tags of the representatives app."""
