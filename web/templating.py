"""The Flask app's class, whose Jinja environment gives each template globals that an import compares
cheaply.

At each ``{% import %}`` or ``{% from ... import %}`` Jinja subtracts the imported template's
globals' keys from the importing context's (``Template._get_default_module``), then uses the module
it keeps when nothing is left. Its globals are a ``ChainMap`` over the environment's, whose keys
view makes that subtraction one ``ChainMap.__contains__`` per global (about 30, at each of the
seven imports of a dialogue's page); :class:`TemplateGlobals` gives a dict's keys instead.
"""

from collections import ChainMap
from collections.abc import KeysView, MutableMapping
from typing import Any

from flask import Flask
from flask.templating import Environment


class TemplateGlobals(ChainMap[str, Any]):
    """A template's own globals over the environment's, as Jinja makes them; its keys a dict's."""

    def keys(self) -> KeysView[str]:
        return dict.fromkeys(self).keys()


class TemplateEnvironment(Environment):
    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return TemplateGlobals({} if d is None else d, self.globals)


class App(Flask):
    """Flask, with :class:`TemplateEnvironment`."""

    jinja_environment = TemplateEnvironment
