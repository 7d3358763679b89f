"""Serving tests: a real checker and a real generated sandbox in front of a scripted model.

The fixtures (sandbox_path, model, database, service) live in tests/conftest.py, shared with
the evaluation tests; the test doubles in tests/scripted.py.
"""

from scripted import RecordingDatabase, ScriptedModel  # noqa: F401 - re-exported for serving tests
