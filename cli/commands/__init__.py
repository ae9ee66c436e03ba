"""The click commands, one module per group of commands; `schemata.cli.main` assembles them."""
