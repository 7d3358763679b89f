"""Importers: SSMS script folders and live SQL Server databases -> the catalog model."""

from vgpt.schema.importers.merge import merge_catalog
from vgpt.schema.importers.mssql import import_mssql
from vgpt.schema.importers.scripts import import_scripts

__all__ = ["import_mssql", "import_scripts", "merge_catalog"]
