"""vgpt.schema: the catalog model, the embedded Vista catalog, importers and the DDL renderer."""

from vgpt.schema.catalog import load_catalog, save_catalog
from vgpt.schema.model import Catalog, Column, Module, Relationship, Table

__all__ = ["Catalog", "Column", "Module", "Relationship", "Table", "load_catalog", "save_catalog"]
