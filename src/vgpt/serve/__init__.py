"""vgpt.serve: retrieval of relevant tables, the guarded request path, the API, the web page, ask/chat."""
