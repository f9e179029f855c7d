"""Built-in plugins: the national rules written against the public hooks."""
from . import national, scoring

DEFAULT_PLUGINS = (("national", national), ("scoring", scoring))
