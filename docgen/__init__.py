"""Writing official documents (ND30 format) from the plan model, and the command-line interface."""
