"""A local, stateful emulator of the WebPOS API (``pip install 'chainside-webpos[sandbox]'``).

``create_app(SandboxConfig(...))`` is an ASGI app; ``serve(...)`` runs it under uvicorn in a
background thread (for tests and the demo); ``webpos sandbox`` runs it from the shell.
"""

from ._vary import OpenChoices
from .app import SandboxConfig, SandboxState, create_app
from .server import RunningSandbox, serve

__all__ = ["OpenChoices", "RunningSandbox", "SandboxConfig", "SandboxState", "create_app", "serve"]
