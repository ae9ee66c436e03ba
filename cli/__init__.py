"""The `schemata` command line: event contracts declared in a manifest, checked online or offline.

The core (`manifest`, `sources`, `contracts`, `checking`, `locate`) builds the same `compat` objects the
registry uses; the front ends (`commands/`, `render/`) only parse options and print results.
"""
