"""BLAKE2b, the hash the cache's keys and states are made with.

hashlib's own, taken from the module hashlib takes it from: importing hashlib loads OpenSSL
(``_hashlib``), a tenth of a warm ``due``'s own work, for functions relnotes does not use there.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it
    from hashlib import blake2b

__all__ = ["blake2b"]
