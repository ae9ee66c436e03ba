"""Backup and migration: a registry's whole state exported to a file, and imported with the same ids.

Everything goes through the Confluent REST API, so the source and the target can be any Confluent-compatible
registry. `document` is the file format, `exporting` reads a registry, `ordering` and `importing` write one.
"""

from schemata.cli.backup.document import Backup, FormatError, SubjectRecord, VersionRecord, dumps, loads
from schemata.cli.backup.exporting import export_registry
from schemata.cli.backup.importing import ImportRefused, plan, restore
from schemata.cli.backup.progress import Progress

__all__ = [
    "Backup",
    "FormatError",
    "ImportRefused",
    "Progress",
    "SubjectRecord",
    "VersionRecord",
    "dumps",
    "export_registry",
    "loads",
    "plan",
    "restore",
]
