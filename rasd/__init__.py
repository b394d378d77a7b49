"""Rasd (رصد): Arabic conflict news to source-attributed event data."""
from .api import Result, analyze, run

__all__ = ["Result", "analyze", "run"]
__version__ = "0.1.0"
