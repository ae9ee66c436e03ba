"""The click commands, one module per group of commands; `cli.main` assembles them."""
