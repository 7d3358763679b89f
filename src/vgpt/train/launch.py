"""Multi-GPU launch configs for ``accelerate launch``: FSDP (v2) and DeepSpeed ZeRO-3.

The same ``vgpt train sft`` runs on one GPU or under ``accelerate launch``; these configs
say how to shard. FSDP wraps each LlamaDecoderLayer, keeps the frozen base and the LoRA
weights in the same units (FSDP2 handles mixed requires_grad), loads the base once on rank 0
(cpu_ram_efficient_loading) and gathers a full state dict to save the small adapter.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from vgpt.errors import VgptError
from vgpt.fileio import write_json, write_text

STRATEGIES = ("fsdp", "deepspeed")
DECODER_LAYER = "LlamaDecoderLayer"


def _base(num_processes: int, distributed_type: str) -> dict:
    return {
        "compute_environment": "LOCAL_MACHINE", "distributed_type": distributed_type,
        "mixed_precision": "bf16", "num_machines": 1, "num_processes": num_processes, "machine_rank": 0,
        "main_training_function": "main", "rdzv_backend": "static", "same_network": True,
        "use_cpu": False, "downcast_bf16": "no",
    }


def fsdp_config(num_processes: int, *, activation_checkpointing: bool = False) -> dict:
    """accelerate's FSDP config. Gradient checkpointing stays the trainer's (``sft.gradient_checkpointing``)
    unless ``activation_checkpointing`` moves it into FSDP; never both."""
    return {**_base(num_processes, "FSDP"), "fsdp_config": {
        "fsdp_version": 2,
        "fsdp_auto_wrap_policy": "TRANSFORMER_BASED_WRAP",
        "fsdp_transformer_layer_cls_to_wrap": DECODER_LAYER,
        "fsdp_reshard_after_forward": True,
        "fsdp_state_dict_type": "FULL_STATE_DICT",
        "fsdp_cpu_ram_efficient_loading": True,
        "fsdp_activation_checkpointing": activation_checkpointing,
    }}


def deepspeed_zero3() -> dict:
    """A ZeRO-3 config; "auto" values are filled by transformers from the training arguments."""
    return {
        "bf16": {"enabled": "auto"},
        "zero_optimization": {
            "stage": 3, "overlap_comm": True, "contiguous_gradients": True,
            "reduce_bucket_size": "auto", "stage3_prefetch_bucket_size": "auto",
            "stage3_param_persistence_threshold": "auto",
            "stage3_gather_16bit_weights_on_model_save": True,
        },
        "gradient_accumulation_steps": "auto", "gradient_clipping": "auto",
        "train_batch_size": "auto", "train_micro_batch_size_per_gpu": "auto",
    }


def deepspeed_config(num_processes: int, ds_file: str) -> dict:
    return {**_base(num_processes, "DEEPSPEED"),
            "deepspeed_config": {"deepspeed_config_file": ds_file, "zero3_init_flag": True}}


def write_launch_config(strategy: str, gpus: int, out: Path) -> dict:
    """Write the accelerate config (and DeepSpeed JSON) into ``out``; return paths and the command."""
    if strategy not in STRATEGIES:
        raise VgptError(f"unknown strategy {strategy!r}; use one of {', '.join(STRATEGIES)}")
    if gpus < 2:
        raise VgptError("a multi-GPU launch needs --gpus 2 or more (one GPU: plain `vgpt train sft`)")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if strategy == "fsdp":
        config = fsdp_config(gpus)
    else:
        ds_file = out / "ds_zero3.json"
        write_json(ds_file, deepspeed_zero3())
        written.append(str(ds_file))
        config = deepspeed_config(gpus, str(ds_file.resolve()))
    config_file = out / f"accelerate_{strategy}.yaml"
    write_text(config_file, yaml.safe_dump(config, sort_keys=False))
    written.insert(0, str(config_file))
    command = (f"NCCL_NVLS_ENABLE=0 accelerate launch --config_file {config_file} -m vgpt.cli "
               "train sft --preset h100-80gb --data build/dataset --out runs/sft-multi")
    return {"files": written, "command": command}
