"""The UI's comparison pages: the diff of two versions with the findings, "would this break?", the contract map."""

from __future__ import annotations

from fastapi import APIRouter

from schemata.registry.ui.rendering import UiRoute

router = APIRouter(route_class=UiRoute)
