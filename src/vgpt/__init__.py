"""vgpt: Viewpoint Vista text-to-SQL — schema, checker, sandbox, data, training, evaluation, serving."""

__version__ = "0.1.0"
