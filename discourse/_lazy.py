"""Lazy package attributes (PEP 562): names imported from their module on first use.

Packages keep their imports cheap this way (``import discourse`` loads no spaCy,
a worker that only extracts files loads no pandas), while ``from discourse.tag
import tag_store`` still works.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, Callable, Mapping

__all__ = ["lazy_getattr"]


def lazy_getattr(package: str, names: Mapping[str, str], *, submodules: bool = False) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that imports ``name`` from ``names[name]`` and caches it.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    names : mapping
        Attribute name -> module that defines it.
    submodules : bool
        When True, a name whose module is ``<package>.<name>`` resolves to
        that module itself (``discourse.store``) rather than to an attribute of it.
    """
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        mod = importlib.import_module(module)
        value = mod if submodules and module == f"{package}.{name}" else getattr(mod, name)
        namespace[name] = value
        return value

    return __getattr__
