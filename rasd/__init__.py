"""Rasd (رصد): Arabic conflict news to source-attributed event data."""
from .api import Result, analyze, run
from .version import __version__

__all__ = ["Result", "__version__", "analyze", "run"]
