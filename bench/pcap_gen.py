"""Capture files for the sensor benchmark, made from the real captures in data/pcap (stdlib only).

- read_pcap: the records of a classic pcap file (either byte order, µs or ns timestamps).
- real_mix: every Ethernet capture of a folder merged by time (each rebased to a common start),
  i.e. one "replica" of a mixed network.
- write_replicated: a replica written N times one after the other with shifted timestamps
  (the packets themselves are unchanged), until a size is reached.
- write_flood: a flood of IPv4 frames cut from the real packets, each with a random source
  address (IPv4 header checksum fixed), at a fixed packet rate.
- write_slice: the first K records of a capture.

Every file is a little-endian, microsecond pcap with link type Ethernet (1).
"""

from __future__ import annotations

import random
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

LINKTYPE_ETHERNET = 1
_GLOBAL = struct.Struct("<IHHiIII")
_RECORD = struct.Struct("<IIII")
_MAGIC_US, _MAGIC_NS = 0xA1B2C3D4, 0xA1B23C4D


@dataclass(frozen=True)
class Record:
    ts_us: int  # timestamp, microseconds since the epoch
    wire_len: int
    data: bytes  # the captured bytes


class PcapFormatError(ValueError):
    pass


def read_pcap(path: Path) -> tuple[int, list[Record]]:
    """(link type, records) of a classic pcap file; a cut-off last record is dropped."""
    raw = Path(path).read_bytes()
    if len(raw) < 24:
        raise PcapFormatError(f"{path}: too short for a pcap header")
    for endian in ("<", ">"):
        magic = struct.unpack(endian + "I", raw[:4])[0]
        if magic in (_MAGIC_US, _MAGIC_NS):
            break
    else:
        raise PcapFormatError(f"{path}: not a classic pcap file (pcapng is not read here)")
    scale = 1 if magic == _MAGIC_US else 1000
    link_type = struct.unpack(endian + "I", raw[20:24])[0] & 0x0FFFFFFF
    header = struct.Struct(endian + "IIII")
    records, offset = [], 24
    while offset + 16 <= len(raw):
        sec, frac, caplen, wirelen = header.unpack_from(raw, offset)
        offset += 16
        if offset + caplen > len(raw):
            break
        records.append(Record(sec * 1_000_000 + frac // scale, wirelen, raw[offset:offset + caplen]))
        offset += caplen
    return link_type, records


def real_mix(paths: Iterable[Path]) -> list[Record]:
    """The Ethernet captures among `paths`, each rebased to start at the earliest capture's
    first timestamp, merged by time (ties keep file order). Other link types are skipped."""
    captures = []
    for path in sorted(paths):
        link_type, records = read_pcap(path)
        if link_type == LINKTYPE_ETHERNET and records:
            captures.append(records)
    if not captures:
        raise PcapFormatError("no Ethernet capture with packets to build from")
    start = min(c[0].ts_us for c in captures)
    merged = []
    for index, records in enumerate(captures):
        shift = start - records[0].ts_us
        merged += [(r.ts_us + shift, index, i, r) for i, r in enumerate(records)]
    merged.sort(key=lambda item: item[:3])
    return [Record(ts, r.wire_len, r.data) for ts, _, _, r in merged]


def _header(out) -> None:
    out.write(_GLOBAL.pack(_MAGIC_US, 2, 4, 0, 0, 262144, LINKTYPE_ETHERNET))


def _record(ts_us: int, wire_len: int, data: bytes) -> bytes:
    return _RECORD.pack(ts_us // 1_000_000, ts_us % 1_000_000, len(data), wire_len) + data


def replica_bytes(replica: list[Record]) -> int:
    """Bytes one copy of `replica` takes in a pcap file (record headers included)."""
    return sum(16 + len(r.data) for r in replica)


def write_replicated(path: Path, replica: list[Record], min_bytes: int, gap_us: int = 1_000_000) -> dict:
    """Writes copies of `replica` one after the other until the file holds at least
    `min_bytes`; copy k is shifted by k × (replica span + gap). Returns what was written."""
    span = replica[-1].ts_us - replica[0].ts_us
    copies = max(1, -(-(min_bytes - 24) // replica_bytes(replica)))
    tmp = Path(str(path) + ".partial")
    with open(tmp, "wb", buffering=1 << 22) as out:
        _header(out)
        for k in range(copies):
            shift = k * (span + gap_us)
            out.write(b"".join(_record(r.ts_us + shift, r.wire_len, r.data) for r in replica))
    tmp.replace(path)
    return {"copies": copies, "packets": copies * len(replica), "bytes": Path(path).stat().st_size,
            "span_s": (copies * (span + gap_us) - gap_us) / 1e6}


def ipv4_templates(records: Iterable[Record]) -> list[bytes]:
    """Untagged Ethernet/IPv4 frames with a 20-byte-or-longer IPv4 header, as flood templates."""
    out = []
    for r in records:
        d = r.data
        if len(d) >= 34 and d[12:14] == b"\x08\x00" and d[14] >> 4 == 4 and (d[14] & 0x0F) >= 5:
            out.append(d)
    return out


def _ipv4_checksum(header: bytes) -> int:
    total = sum(struct.unpack(f"!{len(header) // 2}H", header))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def flood_frames(templates: list[bytes], packets: int, seed: int) -> Iterator[bytes]:
    """`packets` frames: the templates in turn, each with a fresh random source address."""
    rng = random.Random(seed)
    for i in range(packets):
        frame = bytearray(templates[i % len(templates)])
        ihl = (frame[14] & 0x0F) * 4
        frame[26:30] = rng.getrandbits(32).to_bytes(4, "big")
        if len(frame) >= 14 + ihl:
            frame[24:26] = b"\x00\x00"
            frame[24:26] = _ipv4_checksum(bytes(frame[14:14 + ihl])).to_bytes(2, "big")
        yield bytes(frame)


def write_flood(path: Path, templates: list[bytes], packets: int, start_us: int,
                interval_us: int = 10, seed: int = 1) -> dict:
    """A random-source flood of `packets` frames, one every `interval_us` µs."""
    tmp = Path(str(path) + ".partial")
    with open(tmp, "wb", buffering=1 << 22) as out:
        _header(out)
        batch = []
        for i, frame in enumerate(flood_frames(templates, packets, seed)):
            batch.append(_record(start_us + i * interval_us, len(frame), frame))
            if len(batch) == 65536:
                out.write(b"".join(batch))
                batch.clear()
        out.write(b"".join(batch))
    tmp.replace(path)
    return {"packets": packets, "bytes": Path(path).stat().st_size}


def write_slice(source: Path, path: Path, packets: int) -> dict:
    """The first `packets` records of `source`, a capture written by this module."""
    tmp = Path(str(path) + ".partial")
    written = 0
    with open(source, "rb") as f, open(tmp, "wb") as out:
        out.write(f.read(24))
        while written < packets and len(head := f.read(16)) == 16:
            out.write(head + f.read(_RECORD.unpack(head)[2]))
            written += 1
    tmp.replace(path)
    return {"packets": written, "bytes": Path(path).stat().st_size}
