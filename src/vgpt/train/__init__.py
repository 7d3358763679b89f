"""Training: SFT and DPO with TRL + PEFT, presets, guards, merge, LLaMA-Factory export.

Light at import time: torch, transformers, peft and trl load inside the functions that need them.
"""

from vgpt.train.config import DPOSettings, GuardSettings, LoraSettings, SFTSettings, TrainConfig

__all__ = ["DPOSettings", "GuardSettings", "LoraSettings", "SFTSettings", "TrainConfig"]
