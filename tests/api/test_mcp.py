"""`thuvien mcp` as an AI assistant meets it: the MCP SDK's own client starts the command as
a subprocess over stdio, lists its tools, searches, reads a record and its copies, and cannot
see a restricted record (exposure rule of the public API)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from mcp import Client, StdioServerParameters

from thuvien.catalogue import iso2709
from thuvien.catalogue.marc import MarcRecord

THUVIEN = Path(sys.executable).parent / "thuvien"
LIBRARY = "VN-TA0001"
FIXED = "250101s2024    vm            000 0 vie d"


def marc(control: str, title: str, *extra: Any) -> MarcRecord:
    fields: list[Any] = [
        ["001", control],
        ["008", FIXED],
        ["245", "1", "0", [["a", title]]],
        ["650", " ", "7", [["a", "Thư viện số"]]],
        *extra,
    ]
    return MarcRecord("00000nam a2200000 a 4500", fields)


OPEN = marc(
    "mcp-1",
    "Thư viện số cho mọi người",
    ["541", "0", " ", [["a", "Ông Nguyễn Văn Tặng"], ["c", "Tặng"]]],  # staff-only: a donor
    ["952", " ", " ", [["a", LIBRARY], ["b", LIBRARY], ["p", "TV-0001"], ["o", "020 TH"]]],
)
SECRET = marc(
    "mcp-2",
    "Thư viện số mật",
    ["506", "1", " ", [["a", "Hạn chế truy cập"]]],
    ["952", " ", " ", [["a", LIBRARY], ["b", LIBRARY], ["p", "TV-0002"], ["o", "020 MA"]]],
)


def thuvien(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(THUVIEN), *args], env=env, capture_output=True, text=True, timeout=300,
        stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


async def converse(env: dict[str, str]) -> dict[str, Any]:
    server = StdioServerParameters(command=str(THUVIEN), args=["mcp"], env=env)
    seen: dict[str, Any] = {}
    async with Client(server, read_timeout_seconds=120) as client:
        tools = await client.list_tools()
        seen["tools"] = sorted((t.name, bool(t.annotations and t.annotations.read_only_hint))
                               for t in tools.tools)  # fmt: skip
        found = await client.call_tool("search", {"query": "thu vien so"})
        seen["search"] = found.structured_content
        hit = found.structured_content["hits"][0]  # type: ignore[index]
        seen["record"] = (
            await client.call_tool("record", {"record_id": hit["id"]})
        ).structured_content
        seen["holdings"] = (
            await client.call_tool("holdings", {"record_id": hit["id"]})
        ).structured_content
        seen["availability"] = (
            await client.call_tool("availability", {"record_id": hit["id"]})
        ).structured_content
        hidden = [await client.call_tool(name, {"record_id": hit["id"] + 1})
                  for name in ("record", "holdings", "availability")]  # fmt: skip
        seen["hidden"] = [(r.is_error, r.content[0].text) for r in hidden]  # type: ignore[union-attr]
    return seen


def test_an_assistant_searches_and_reads_but_never_sees_a_restricted_record(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "THUVIEN_DATA_DIR": str(tmp_path), "THUVIEN_DATABASE_URL": ""}
    records = tmp_path / "records.mrc"
    records.write_bytes(iso2709.encode(OPEN) + iso2709.encode(SECRET))
    thuvien(env, "library", "add", LIBRARY, "--name", "Thư viện tỉnh", "--type", "public")
    thuvien(env, "import", "--library", LIBRARY, str(records))
    thuvien(env, "reindex")

    seen = asyncio.run(converse(env))

    assert seen["tools"] == [
        ("availability", True), ("holdings", True), ("record", True), ("search", True)
    ]  # fmt: skip
    search = seen["search"]
    assert search["total"] == 1
    assert [h["title"] for h in search["hits"]] == ["Thư viện số cho mọi người"]
    record = seen["record"]
    assert record["title"] == "Thư viện số cho mọi người"
    assert record["subjects"] == ["Thư viện số"]
    assert record["holdings"] == [{"library": LIBRARY, "copies": 1, "available": 1}]
    tags = [f[0] if isinstance(f, list) else next(iter(f)) for f in record["marc"]["fields"]]
    assert "541" not in tags  # the donor stays with the staff
    assert "Tặng" not in json.dumps(record, ensure_ascii=False)
    assert [c["barcode"] for c in seen["holdings"]["copies"]] == ["TV-0001"]
    assert seen["availability"]["libraries"] == [{"library": LIBRARY, "copies": 1, "available": 1}]
    secret = search["hits"][0]["id"] + 1
    message = (
        f"Không có bản ghi số {secret}. Hãy tìm bản ghi qua /api/v1/search hoặc /api/v1/records."
    )
    assert [(is_error, message in text) for is_error, text in seen["hidden"]] == [(True, True)] * 3
