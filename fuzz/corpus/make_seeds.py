#!/usr/bin/env python3
"""Writes the small hand-made seed inputs of the fuzz programs.

Run from the repository root: python3 fuzz/corpus/make_seeds.py
Each seed is a valid (or nearly valid) input, so the fuzzers start deep
inside the parsers. Image seeds are made by make_image_seeds.cpp instead,
because they need real encoders; this script only adds EXIF variants of them.
"""

import json
import pathlib
import struct
import zipfile
import zlib

ROOT = pathlib.Path(__file__).resolve().parent


def write(target, name, data):
    folder = ROOT / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (folder / name).write_bytes(data)


def safetensors(tensors, metadata=None):
    """tensors: name -> (dtype, shape, raw bytes), in file order."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    offset = 0
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(raw for _, _, raw in tensors.values())


def npy(descr, shape, raw, version=1):
    dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr, dims)
    prefix_size = 10 if version == 1 else 12
    header += " " * ((64 - (prefix_size + len(header) + 1) % 64) % 64) + "\n"
    size = struct.pack("<H", len(header)) if version == 1 else struct.pack("<I", len(header))
    return b"\x93NUMPY" + bytes([version, 0]) + size + header.encode() + raw


def pickle_state_dict(entries):
    """A protocol 2 pickle as torch.save writes it: a dict of name -> tensor,
    each rebuilt by torch._utils._rebuild_tensor_v2 from a persistent storage id.
    entries: name -> (storage class, key, element count, shape)."""
    out = bytearray(b"\x80\x02}q\x00(")
    for name, (storage, key, count, shape) in entries.items():
        out += b"X" + struct.pack("<I", len(name)) + name.encode()
        out += b"ctorch._utils\n_rebuild_tensor_v2\nq\x01("
        out += b"(X\x07\x00\x00\x00storagectorch\n" + storage.encode() + b"\nq\x02"
        out += b"X" + struct.pack("<I", len(key)) + key.encode()
        out += b"X\x03\x00\x00\x00cpuK" + bytes([count]) + b"tQ"  # persistent id tuple, BINPERSID
        out += b"K\x00"  # storage offset
        out += b"(" + b"".join(b"K" + bytes([d]) for d in shape) + b"t"  # size
        strides, step = [], 1
        for d in reversed(shape):
            strides.insert(0, step)
            step *= d
        out += b"(" + b"".join(b"K" + bytes([s]) for s in strides) + b"t"  # stride
        out += b"\x89"  # requires_grad False
        out += b"ccollections\nOrderedDict\n)R"  # backward hooks
        out += b"tR"  # call _rebuild_tensor_v2
    out += b"u."
    return bytes(out)


def torch_zip(pickle, records):
    """A torch.save zip archive: archive/data.pkl, archive/data/<key>, archive/version."""
    import io
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.pkl", pickle)
        for key, raw in records.items():
            archive.writestr("archive/data/" + key, raw)
        archive.writestr("archive/version", "3\n")
    return buffer.getvalue()


def main():
    floats = struct.pack("<4f", 1.0, -2.0, 0.5, 3.25)
    write("safetensors", "two-tensors.safetensors", safetensors({
        "text_model.weight": ("F32", [2, 2], floats),
        "position_ids": ("I64", [1, 3], struct.pack("<3q", 0, 1, 2))}, {"format": "pt"}))
    write("safetensors", "bf16-and-empty.safetensors", safetensors({
        "a": ("BF16", [3], b"\x80\x3f\x00\x40\x40\x40"), "empty": ("F32", [0, 4], b"")}))
    write("safetensors", "no-tensors.safetensors", safetensors({}))

    tower = {"hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 4,
             "num_hidden_layers": 2, "hidden_act": "quick_gelu", "layer_norm_eps": 1e-5}
    write("clip_config", "config.json", json.dumps({
        "model_type": "clip", "projection_dim": 48, "logit_scale_init_value": 2.6592,
        "text_config": dict(tower, vocab_size=1000, max_position_embeddings=77, eos_token_id=2),
        "vision_config": dict(tower, image_size=32, patch_size=8, num_channels=3)}, indent=1))
    write("clip_config", "dict-form.json", json.dumps({
        "text_config": None, "vision_config": {"image_size": 224},
        "text_config_dict": {"hidden_size": 512, "hidden_act": "gelu"},
        "vision_config_dict": {"patch_size": 32}}))

    write("open_clip_config", "open_clip_config.json", json.dumps({
        "model_cfg": {"embed_dim": 512, "quick_gelu": True,
                      "vision_cfg": {"image_size": 224, "layers": 12, "width": 768, "patch_size": 32},
                      "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 512,
                                   "heads": 8, "layers": 12}},
        "preprocess_cfg": {"mean": [0.48, 0.45, 0.40], "std": [0.26, 0.26, 0.27]}}, indent=1))
    write("open_clip_config", "unsupported.json", json.dumps({
        "model_cfg": {"vision_cfg": {"layers": [3, 4, 6, 3], "timm_model_name": "x"},
                      "text_cfg": {"pool_type": "last"}}}))

    write("preprocess_config", "integer-form.json", json.dumps({
        "crop_size": 32, "size": 32, "do_center_crop": True,
        "image_mean": [0.48145466, 0.4578275, 0.40821073],
        "image_std": [0.26862954, 0.26130258, 0.27577711], "resample": 3}))
    write("preprocess_config", "dict-form.json", json.dumps({
        "size": {"shortest_edge": 40}, "crop_size": {"height": 32, "width": 32}}))

    write("npy", "float32.npy", npy("<f4", [2, 2], floats))
    write("npy", "int64.npy", npy("<i8", [3], struct.pack("<3q", 7, 8, 9)))
    write("npy", "version2-float64.npy", npy("<f8", [1, 2], struct.pack("<2d", 1.5, 2.5), version=2))

    for name, text in {
            "caption.txt": "a photo of a cat.",
            "contractions.txt": "it's the dog's toy, isn't it? we'll see; they'd've",
            "special-tokens.txt": "<|startoftext|>a photo<|endoftext|> of <|endoftext|",
            "unicode.txt": "Ein Foto einer Katze \u00e9\u00e8 \u732b\u306e\u5199\u771f \u017fs \u0345 \U0001f431 &amp; &lt;b&gt;",
            "numbers.txt": "12 345.67 \u0661\u0662 \u00bd",
            "whitespace.txt": "  tabs\tand\nnew\r\nlines\u00a0\u3000 "}.items():
        write("tokenizer_encode", name, text)
    write("tokenizer_encode", "invalid-utf8.bin", b"caf\xc3 \xff\xfe overlong \xc0\xaf surrogate \xed\xa0\x80")

    byte_symbols = [chr(b) for b in range(33, 127)]
    vocab = {symbol: i for i, symbol in enumerate(byte_symbols)}
    vocab.update({symbol + "</w>": len(byte_symbols) + i for i, symbol in enumerate(byte_symbols)})
    for token in ["ca", "cat</w>", "ph", "pho", "photo</w>", "<|startoftext|>", "<|endoftext|>"]:
        vocab[token] = len(vocab)
    merges = "#version: 0.2\nc a\nca t</w>\np h\nph o\npho t\nphot o</w>\n"
    write("tokenizer_files", "small-vocabulary.bin", json.dumps(vocab).encode() + b"\0" + merges.encode())

    write("csv_import", "header-and-rows.csv", "path,label,source\na.png,cat,example\nb.jpg,dog\nsub/c.bmp,,\n")
    write("csv_import", "quoted.csv", '\ufeff"a.png","cat"\r\n"sub/c.bmp","dog, big","manual"\r\n')
    write("csv_import", "problems.csv", "a.png,cat\na.png,dog\nmissing.png,cat\n,cat\nb.jpg,bird,wrong\n")

    entries = {"weight": ("FloatStorage", "0", 4, [2, 2]), "bias": ("FloatStorage", "1", 2, [2])}
    write("torch_bin", "state-dict.bin", torch_zip(pickle_state_dict(entries), {
        "0": floats, "1": struct.pack("<2f", 0.1, 0.2)}))


if __name__ == "__main__":
    main()
