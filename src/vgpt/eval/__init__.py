"""vgpt.eval: generation backends, the guide's probe metrics plus execution accuracy, reports."""
