"""One module per command; each exposes a typer command function."""
