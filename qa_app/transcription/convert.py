"""Turn a CTranslate2 Whisper model (what faster-whisper loads) into an openai-whisper checkpoint.

The bundled ``tiny.en`` weights exist only in CTranslate2's format, and openai-whisper would otherwise download
its own copy. CTranslate2's ``model.bin`` (binary version 6) is a flat list of named arrays; its Whisper
converter copied openai-whisper's tensors one-to-one, except that it fused the attention projections (q|k|v for
self-attention, k|v for cross-attention) and gave the bias-free key projection a zero bias. Undoing that gives
back openai-whisper's state dict. Layout per ``ctranslate2/specs/model_spec.py`` (``_serialize``) and
``ctranslate2/converters/transformers.py`` (``WhisperLoader``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa_app.errors import UserError

# Order of CTranslate2's DataType enum (include/ctranslate2/types.h).
_CT2_DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")
_SUPPORTED_BINARY_VERSION = 6
# Bump when the conversion changes, so stale cached checkpoints are not reused.
_CONVERTER_REVISION = 1

# openai-whisper name -> CTranslate2 name, per layer; "{i}" is the layer index.
_LAYER_NORMS = {"weight": "gamma", "bias": "beta"}
_ENCODER_BLOCK = {
    "attn_ln": "self_attention/layer_norm",
    "attn.out": "self_attention/linear_1",
    "mlp_ln": "ffn/layer_norm",
    "mlp.0": "ffn/linear_0",
    "mlp.2": "ffn/linear_1",
}
_DECODER_BLOCK = {
    "attn_ln": "self_attention/layer_norm",
    "attn.out": "self_attention/linear_1",
    "cross_attn_ln": "attention/layer_norm",
    "cross_attn.query": "attention/linear_0",
    "cross_attn.out": "attention/linear_2",
    "mlp_ln": "ffn/layer_norm",
    "mlp.0": "ffn/linear_0",
    "mlp.2": "ffn/linear_1",
}


class ConversionError(UserError):
    """The model directory is not a CTranslate2 Whisper model this converter understands."""


@dataclass
class Checkpoint:
    """What ``whisper.load_model`` reads (``dims``, ``model_state_dict``), plus the alignment heads."""

    dims: dict[str, int]
    state_dict: dict[str, np.ndarray]
    alignment_heads: list[list[int]]


def read_ct2_variables(model_bin: Path) -> dict[str, np.ndarray]:
    """All named arrays of a CTranslate2 ``model.bin``, aliases resolved to the array they name."""
    data = model_bin.read_bytes()
    offset = 0

    def take(fmt: str):
        nonlocal offset
        values = struct.unpack_from(fmt, data, offset)
        offset += struct.calcsize(fmt)
        return values[0]

    def take_string() -> str:
        nonlocal offset
        length = take("H")  # includes the terminating NUL
        text = data[offset : offset + length - 1].decode("utf-8")
        offset += length
        return text

    version = take("I")
    if version != _SUPPORTED_BINARY_VERSION:
        raise ConversionError(
            f"{model_bin} is CTranslate2 binary version {version}; only version {_SUPPORTED_BINARY_VERSION} is supported."
        )
    spec_name = take_string()
    if spec_name != "WhisperSpec":
        raise ConversionError(f"{model_bin} holds a {spec_name}, not a Whisper model.")
    take("I")  # spec revision
    variables: dict[str, np.ndarray] = {}
    for _ in range(take("I")):
        name = take_string()
        shape = tuple(take("I") for _ in range(take("B")))
        dtype = _CT2_DTYPES[take("B")]
        n_bytes = take("I")
        raw = data[offset : offset + n_bytes]
        offset += n_bytes
        if dtype == "bfloat16":  # numpy has no bfloat16: widen the 16 high bits to float32
            array = (np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            array = np.frombuffer(raw, dtype=dtype)
        variables[name] = array.reshape(shape)
    for _ in range(take("I")):
        alias, target = take_string(), take_string()
        variables[alias] = variables[target]
    return variables


def _count_layers(variables: dict[str, np.ndarray], stack: str) -> int:
    pattern = re.compile(rf"^{stack}/layer_(\d+)/")
    return 1 + max(int(m.group(1)) for name in variables if (m := pattern.match(name)))


def to_checkpoint(variables: dict[str, np.ndarray], alignment_heads: list[list[int]]) -> Checkpoint:
    """Map CTranslate2 Whisper variables onto openai-whisper's state dict."""
    if any(array.dtype == np.int8 for name, array in variables.items() if name.endswith("weight")):
        raise ConversionError("the model is int8-quantized; convert from a float16 or float32 CTranslate2 model.")
    n_audio_layer = _count_layers(variables, "encoder")
    n_text_layer = _count_layers(variables, "decoder")
    state: dict[str, np.ndarray] = {}

    def copy_linear(target: str, source: str) -> None:
        state[f"{target}.weight"] = variables[f"{source}/weight"]
        if f"{source}/bias" in variables:
            state[f"{target}.bias"] = variables[f"{source}/bias"]

    def copy_norm(target: str, source: str) -> None:
        for torch_name, ct2_name in _LAYER_NORMS.items():
            state[f"{target}.{torch_name}"] = variables[f"{source}/{ct2_name}"]

    def copy_block(target: str, source: str, mapping: dict[str, str]) -> None:
        for torch_name, ct2_name in mapping.items():
            copy = copy_norm if torch_name.endswith("_ln") else copy_linear
            copy(f"{target}.{torch_name}", f"{source}/{ct2_name}")

    def split_projections(target: str, source: str, names: tuple[str, ...]) -> None:
        """Undo the fusion of projections; the key has no bias in openai-whisper (CTranslate2 stored zeros)."""
        weights = np.split(variables[f"{source}/weight"], len(names))
        biases = np.split(variables[f"{source}/bias"], len(names))
        for name, weight, bias in zip(names, weights, biases):
            state[f"{target}.{name}.weight"] = weight
            if name != "key":
                state[f"{target}.{name}.bias"] = bias

    for stack in ("encoder", "decoder"):
        n_layers = n_audio_layer if stack == "encoder" else n_text_layer
        mapping = _ENCODER_BLOCK if stack == "encoder" else _DECODER_BLOCK
        for i in range(n_layers):
            block, layer = f"{stack}.blocks.{i}", f"{stack}/layer_{i}"
            copy_block(block, layer, mapping)
            split_projections(f"{block}.attn", f"{layer}/self_attention/linear_0", ("query", "key", "value"))
            if stack == "decoder":
                split_projections(f"{block}.cross_attn", f"{layer}/attention/linear_1", ("key", "value"))
    copy_linear("encoder.conv1", "encoder/conv1")
    copy_linear("encoder.conv2", "encoder/conv2")
    copy_norm("encoder.ln_post", "encoder/layer_norm")
    copy_norm("decoder.ln", "decoder/layer_norm")
    state["encoder.positional_embedding"] = variables["encoder/position_encodings/encodings"]
    state["decoder.positional_embedding"] = variables["decoder/position_encodings/encodings"]
    state["decoder.token_embedding.weight"] = variables["decoder/embeddings/weight"]

    dims = {
        "n_mels": variables["encoder/conv1/weight"].shape[1],
        "n_audio_ctx": variables["encoder/position_encodings/encodings"].shape[0],
        "n_audio_state": variables["encoder/position_encodings/encodings"].shape[1],
        "n_audio_head": int(variables["encoder/num_heads"]),
        "n_audio_layer": n_audio_layer,
        "n_vocab": variables["decoder/embeddings/weight"].shape[0],
        "n_text_ctx": variables["decoder/position_encodings/encodings"].shape[0],
        "n_text_state": variables["decoder/position_encodings/encodings"].shape[1],
        "n_text_head": int(variables["decoder/num_heads"]),
        "n_text_layer": n_text_layer,
    }
    return Checkpoint(dims=dims, state_dict=state, alignment_heads=alignment_heads)


def cache_dir() -> Path:
    """Where derived model files go: a cache (re-creatable), not the data directory that holds user records."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "qa-app" / "models"


def openai_checkpoint(model_dir: Path, *, directory: Path | None = None) -> Path:
    """The openai-whisper checkpoint converted from the CTranslate2 model in ``model_dir``; converted once, then reused.

    The file name carries a digest of the source weights, so a changed model is converted again.
    """
    import torch

    model_bin = model_dir / "model.bin"
    if not model_bin.is_file():
        raise ConversionError(f"{model_dir} has no model.bin, so it is not a CTranslate2 model directory.")
    digest = hashlib.sha256(model_bin.read_bytes()).hexdigest()[:16]
    target = (directory or cache_dir()) / f"openai-whisper-{digest}-r{_CONVERTER_REVISION}.pt"
    if target.is_file():
        return target
    config_file = model_dir / "config.json"
    config = json.loads(config_file.read_text()) if config_file.is_file() else {}
    checkpoint = to_checkpoint(read_ct2_variables(model_bin), config.get("alignment_heads", []))
    payload = {
        "dims": checkpoint.dims,
        "model_state_dict": {name: torch.from_numpy(array.copy()) for name, array in checkpoint.state_dict.items()},
        "alignment_heads": checkpoint.alignment_heads,
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename: a reader never sees half a checkpoint, and two writers cannot collide.
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            torch.save(payload, stream)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def load_openai_model(checkpoint_path: Path):
    """A ``whisper.model.Whisper`` on the CPU from a checkpoint, with the alignment heads it names (if any).

    ``whisper.load_model(path)`` reads the same file but falls back to default heads for word timestamps.
    """
    import torch
    from whisper.model import ModelDimensions, Whisper

    checkpoint = torch.load(checkpoint_path, map_location="cpu", weights_only=True)
    model = Whisper(ModelDimensions(**checkpoint["dims"]))
    model.load_state_dict(checkpoint["model_state_dict"])
    heads = checkpoint.get("alignment_heads") or []
    if heads:
        mask = torch.zeros(model.dims.n_text_layer, model.dims.n_text_head, dtype=torch.bool)
        for layer, head in heads:
            mask[layer, head] = True
        model.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)
    return model
