"""Fee calculator for China's resident medical insurance (城乡居民基本医疗保险).

Standard library only: the same code runs in CPython (command line, site build) and in
Pyodide (the browser calculator). The rules never read files or the network; they are
handed already-parsed policy data (validation/sources.py loads and checks it in CPython).
"""

from .errors import InputError, PolicyDataError
from .quote import quote

__all__ = ["InputError", "PolicyDataError", "quote"]
