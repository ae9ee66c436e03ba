"""Offline decisions (`--against REF`): the manifest's schemas at a git ref are the previous versions.

Contracts are matched by role and subject, so a schema file renamed between the ref and now still finds its
previous version through the manifest at the ref. The level is the current manifest's `compatibility`; the
policy is the format's default (a manifest has no compatibilityPolicy).
"""

from __future__ import annotations

from pathlib import Path

from schemata.cli.checking import decide_contract, proposed
from schemata.cli.contracts import LoadedContract, load_previous
from schemata.cli.manifest import Manifest, Role, parse_manifest
from schemata.cli.sources import GitRevision
from schemata.compat import Decision, OldVersion, Previous


class GitBaselines:
    """The previous version of each contract, read from git at `ref` without a checkout."""

    def __init__(self, manifest_path: Path, manifest: Manifest, ref: str) -> None:
        revision = GitRevision(manifest_path.parent, ref)
        self.manifest = manifest
        self.previous: dict[tuple[Role, str], Previous] = {}
        text = revision.read(manifest_path.name)
        if text is None:
            return
        old = parse_manifest(text, f"{manifest_path} at {ref}")
        for contract in old.contracts:
            loaded = load_previous(contract, revision, old.origin)
            if loaded is not None:
                version = Previous(OldVersion(ref), proposed(loaded).fingerprint, loaded.parsed)
                self.previous[(contract.role, loaded.subject)] = version

    def decision(self, loaded: LoadedContract) -> Decision | None:
        version = self.previous.get((loaded.contract.role, loaded.subject))
        if version is None:
            return None
        return decide_contract(loaded, [version], self.manifest.compatibility, None)
