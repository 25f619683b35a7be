"""CLI command modules. Each defines `register(app)` and imports heavy libraries only inside commands,
so `kehoach --help` stays fast."""
