"""The version of Rasd (its cache keys and `rasd --version` read it here, not from the package)."""
__version__ = "0.1.0"
