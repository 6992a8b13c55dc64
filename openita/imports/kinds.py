"""The importers by the name used in URLs and commands."""

from typing import Any

from openita.imports.base import Importer
from openita.imports.lines import LineImporter
from openita.imports.people import PeopleImporter
from openita.imports.units import UnitImporter

IMPORTERS: dict[str, type[Importer[Any]]] = {
    importer.kind: importer for importer in (UnitImporter, LineImporter, PeopleImporter)
}
