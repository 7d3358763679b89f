"""vgpt.data: curated examples, validation, expansion, splits and exports."""
