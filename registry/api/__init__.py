"""The HTTP layer: the ASGI app, its routers and middleware; behaviour lives in registry/service/."""
