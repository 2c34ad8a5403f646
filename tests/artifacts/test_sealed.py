"""The sealed file format, without Django: round trips, tampering, truncation, key ring."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aordesk.artifacts import sealed
from aordesk.artifacts.sealed import KeyRing, OpeningReader, SealError, SealingWriter, key_new

RING = KeyRing.parse(key_new("k2") + "," + key_new("k1"))


def seal(data: bytes, ring: KeyRing = RING) -> bytes:
    out = io.BytesIO()
    with SealingWriter(out, ring) as writer:
        writer.write(data)
    return out.getvalue()


def unseal(blob: bytes, ring: KeyRing = RING) -> bytes:
    return OpeningReader(io.BytesIO(blob), ring).read()


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=3 * sealed.CHUNK + 7))
def test_any_plaintext_comes_back_exactly(data):
    assert unseal(seal(data)) == data


@pytest.mark.parametrize("size", [0, 1, sealed.CHUNK, sealed.CHUNK + 1, 2 * sealed.CHUNK])
def test_chunk_edges_round_trip_and_the_writer_hashes_the_plaintext(size):
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    out = io.BytesIO()
    writer = SealingWriter(out, RING)
    writer.write(data)
    writer.close()
    assert unseal(out.getvalue()) == data
    assert writer.size == len(data)


def test_the_sealed_bytes_show_nothing_of_the_plaintext():
    blob = seal(b"PK\x03\x04 Jane Doe,1980-01-01\n" * 100)
    assert b"Jane" not in blob and b"PK\x03\x04" not in blob[8:]
    assert blob.startswith(sealed.MAGIC)


def test_one_flipped_bit_anywhere_is_refused():
    blob = bytearray(seal(b"a" * (sealed.CHUNK + 10)))
    for position in (9, 30, len(blob) // 2, len(blob) - 1):
        altered = bytearray(blob)
        altered[position] ^= 1
        with pytest.raises(SealError):
            unseal(bytes(altered))


def test_a_file_cut_at_a_chunk_boundary_is_refused():
    data = b"b" * (3 * sealed.CHUNK)
    blob = seal(data)
    header = len(blob) - 3 * (sealed.CHUNK + sealed.TAG) - sealed.TAG
    with pytest.raises(SealError):
        unseal(blob[: header + sealed.CHUNK + sealed.TAG])


def test_a_file_under_an_old_key_opens_and_one_under_an_unknown_key_does_not():
    old = KeyRing((RING.keys[1],))
    assert unseal(seal(b"old", old)) == b"old"
    stranger = KeyRing.parse(key_new("k9"))
    with pytest.raises(SealError, match="not in AORDESK_ARTIFACT_KEYS"):
        unseal(seal(b"x", stranger))


def test_a_key_ring_refuses_keys_of_the_wrong_length():
    with pytest.raises(ValueError):
        KeyRing.parse("short:YWJj")
