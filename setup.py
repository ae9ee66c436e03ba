"""Maps the top-level folders `registry/`, `compat/` and `cli/` onto the `schemata.*` namespace.

Everything else about the distribution is declared in pyproject.toml; only this mapping needs code, because
setuptools cannot list a renamed folder's subpackages from pyproject.toml alone.
"""

from setuptools import find_packages, setup

FOLDERS = ("registry", "compat", "cli")

setup(
    packages=[f"schemata.{name}" for name in find_packages(include=[f"{folder}*" for folder in FOLDERS])],
    package_dir={f"schemata.{folder}": folder for folder in FOLDERS},
)
