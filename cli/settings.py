"""Every setting of the command line, declared once: its option name, environment variable, default and help.

Commands take their options from here (`REGISTRY.option()`), so a name, default or help text never drifts
between commands. The server's settings take their defaults from `schemata.registry.settings`, where they are declared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, TypeVar

import click

from schemata.cli.render import RENDERERS
from schemata.registry.settings import Settings as ServerSettings

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: `--name` on the command line, `envvar` in the environment."""

    name: str
    envvar: str | None
    help: str
    default: Any = None
    type: Any = str
    metavar: str | None = None

    def option(self) -> Callable[[F], F]:
        """The click option for this setting."""
        return click.option(
            f"--{self.name.replace('_', '-')}",
            self.name,
            envvar=self.envvar,
            default=self.default,
            type=self.type,
            metavar=self.metavar,
            show_default=self.default is not None,
            show_envvar=self.envvar is not None,
            help=self.help,
        )


CONFIG = Setting(
    "config", "SCHEMATA_CONFIG", "The contract manifest.", default="schemata.yaml",
    type=click.Path(dir_okay=False), metavar="FILE",
)
REGISTRY = Setting(
    "registry", "SCHEMATA_REGISTRY_URL",
    "Registry URL; overrides `registry:` in the manifest.", metavar="URL",
)
FORMAT = Setting(
    "format", None,
    "Report format: text for people, json, junit (XML), sarif (2.1.0, for code scanning), "
    "github (Actions annotations).",
    default="text", type=click.Choice(list(RENDERERS)),
)
OUTPUT = Setting(
    "output", None, "Write the report to FILE instead of standard output.",
    type=click.Path(dir_okay=False), metavar="FILE",
)


def _server(name: str, help: str, **kwargs: Any) -> Setting:
    """A registry server setting: its environment variable and default are the server's own."""
    default = _SERVER_DEFAULTS[name]
    return Setting(name, f"SCHEMATA_{name.upper()}", help, default=default if default != "" else None, **kwargs)


_SERVER_DEFAULTS = {field.name: field.default for field in fields(ServerSettings)}
HOST = _server("host", "Address to listen on.")
PORT = _server("port", "Port to listen on.", type=click.IntRange(1, 65535))
DATABASE_URL = _server(
    "database_url", "SQLAlchemy URL of the store (sqlite:///... or postgresql+psycopg://...).", metavar="URL"
)
WORKERS = _server("workers", "Worker processes.", type=click.IntRange(1))
LOG_FORMAT = _server("log_format", "Log line format.", type=click.Choice(["text", "json"]))
_FILE = {"type": click.Path(dir_okay=False), "metavar": "FILE"}
AUTH_USERS_FILE = _server("auth_users_file", "HTTP Basic credentials (`schemata users add` writes it).", **_FILE)
AUTH_JWT_KEYS_FILE = _server("auth_jwt_keys_file", "Keys that verify bearer JWTs: a JWKS or a PEM public key.", **_FILE)
AUTH_JWT_AUDIENCE = _server("auth_jwt_audience", "The audience (`aud`) bearer tokens must carry.")
AUTH_JWT_ISSUER = _server("auth_jwt_issuer", "The issuer (`iss`) bearer tokens must carry.")
AUTH_ACCESS_FILE = _server("auth_access_file", "Grants: roles per principal and subject pattern (YAML).", **_FILE)
TLS_CERT = _server("tls_cert", "Serve HTTPS with this certificate chain (PEM).", **_FILE)
TLS_KEY = _server("tls_key", "The private key of --tls-cert (PEM).", **_FILE)
TLS_CLIENT_CA = _server("tls_client_ca", "Require client certificates issued by this CA (mutual TLS).", **_FILE)
