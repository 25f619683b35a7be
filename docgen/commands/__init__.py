"""CLI command modules: each holds plain typed command functions (registered in `docgen.cli`) and imports
heavy libraries only inside them, so `kehoach --help` stays fast."""
