"""The multi-GPU launch configs go through accelerate's own launch code on the CPU."""

import json
import os
from unittest import mock

import pytest
from accelerate.commands.config.config_args import load_config_from_file
from accelerate.commands.launch import _validate_launch_command, launch_command_parser
from accelerate.utils.launch import prepare_multi_gpu_env

from vgpt.errors import VgptError
from vgpt.train.launch import DECODER_LAYER, write_launch_config


def launch_args(config_file):
    parser = launch_command_parser()
    args = parser.parse_args(["--config_file", str(config_file), "-m", "vgpt.cli", "train", "sft"])
    return _validate_launch_command(args)[0]


def test_fsdp_config_becomes_an_fsdp2_plugin(tmp_path):
    result = write_launch_config("fsdp", 4, tmp_path)
    config_file = tmp_path / "accelerate_fsdp.yaml"
    assert result["files"] == [str(config_file)] and "accelerate launch" in result["command"]
    cluster = load_config_from_file(str(config_file))  # unknown top-level keys raise here
    assert str(cluster.distributed_type).endswith("FSDP") and cluster.num_processes == 4
    args = launch_args(config_file)
    for key in cluster.fsdp_config:  # every fsdp key is one accelerate launch knows
        assert hasattr(args, key), key
    env = prepare_multi_gpu_env(args)
    assert env["FSDP_VERSION"] == "2" and env["FSDP_TRANSFORMER_CLS_TO_WRAP"] == DECODER_LAYER
    with mock.patch.dict(os.environ, env):
        from accelerate.utils import FullyShardedDataParallelPlugin

        plugin = FullyShardedDataParallelPlugin()
    assert plugin.fsdp_version == 2 and plugin.transformer_cls_names_to_wrap == [DECODER_LAYER]
    assert plugin.cpu_ram_efficient_loading and "FULL_STATE_DICT" in str(plugin.state_dict_type)


def test_deepspeed_config_is_zero3_with_auto_values(tmp_path):
    result = write_launch_config("deepspeed", 2, tmp_path)
    cluster = load_config_from_file(str(tmp_path / "accelerate_deepspeed.yaml"))
    assert str(cluster.distributed_type).endswith("DEEPSPEED") and cluster.num_processes == 2
    ds = json.loads((tmp_path / "ds_zero3.json").read_text())
    assert ds["zero_optimization"]["stage"] == 3 and ds["train_micro_batch_size_per_gpu"] == "auto"
    assert cluster.deepspeed_config["deepspeed_config_file"].endswith("ds_zero3.json")
    assert len(result["files"]) == 2


@pytest.mark.parametrize("strategy, gpus, needle", [("megatron", 2, "unknown strategy"), ("fsdp", 1, "2 or more")])
def test_bad_launch_requests(tmp_path, strategy, gpus, needle):
    with pytest.raises(VgptError, match=needle):
        write_launch_config(strategy, gpus, tmp_path)
