"""Backup, restore and the restore drill, end to end with the real tools: the database's own
copy (VACUUM INTO / pg_dump), age encryption (checked with Debian's `age`), a real tmpfs
that fills up, and `thuvien restore` in a separate process onto an empty place."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from thuvien import actors
from thuvien.errors import Conflict, InvalidInput
from thuvien.operations import archive, backup, keys, restore
from thuvien.operations.models import BackupRun

from .conftest import THUVIEN, count, thuvien

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_keygen_writes_a_key_only_its_owner_reads_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "khoa.txt"
    public = keys.generate(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = path.read_text().splitlines()
    assert lines[1] == f"# public key: {public}"
    assert lines[2].startswith("AGE-SECRET-KEY-1")
    assert keys.load(path).public == public
    with pytest.raises(Conflict) as refused:
        keys.generate(path)
    assert refused.value.message == (
        f"Tệp {path} đã có; không ghi đè một khóa sao lưu. Chọn tên khác."
    )


def test_a_backup_without_a_key_says_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("THUVIEN_BACKUP_KEY_FILE", raising=False)
    with pytest.raises(InvalidInput) as refused:
        backup.run(actors.cli_operator(), tmp_path / "sao-luu")
    assert refused.value.message == (
        "Chưa có khóa sao lưu. Tạo khóa bằng `thuvien backup keygen /duong/dan/khoa.txt`, đặt "
        "THUVIEN_BACKUP_KEY_FILE trỏ tới tệp đó và cất một bản ngoài máy chủ."
    )
    assert not (tmp_path / "sao-luu").exists()


def test_a_backup_is_identical_in_the_drill_and_the_age_tool_reads_it(
    tmp_path: Path, key_file: Path, data_dir: Path, catalogue_data: None
) -> None:
    root = tmp_path / "sao-luu"
    result = backup.run(actors.cli_operator(), root)
    assert (result.files, result.files_copied) == (2, 2)
    folder = root / result.name
    assert sorted(p.name for p in folder.iterdir()) == [
        "backup.json", "database.age", "manifest.json.age", "objects.txt", "settings.tar.age",
    ]  # fmt: skip
    header = archive.Header.read(folder)
    assert header.recipient == keys.load(key_file).public
    # Nothing readable without the key: the database copy is not in the clear.
    assert b"SQLite format" not in (folder / "database.age").read_bytes()[:200]
    # An independent tool decrypts it with the same key file (age's own format).
    decrypt = ["age", "--decrypt", "-i", str(key_file), str(folder / "manifest.json.age")]
    manifest = json.loads(subprocess.run(decrypt, capture_output=True, check=True).stdout)
    assert manifest["tables"]["catalogue_record"]["rows"] == 2
    assert manifest["tables"]["catalogue_item"]["rows"] == 2
    page = (data_dir / "files" / "so-01" / "trang-001.tif").read_bytes()
    assert [f[0] for f in manifest["files"]] == ["so-01/trang-001.tif", "so-01/trang-002.tif"]
    assert manifest["files"][0][3] == hashlib.sha256(page).hexdigest()

    drill = restore.verify(root)
    assert (drill.identical, drill.differences, drill.files) == (True, [], 2)
    assert drill.counts["biểu ghi"] == 2
    runs = list(BackupRun.objects.order_by("id").values_list("kind", "outcome", "name"))
    assert runs == [("backup", "ok", result.name), ("verify", "ok", result.name)]


def test_the_next_backup_copies_only_the_files_that_changed(
    tmp_path: Path, key_file: Path, data_dir: Path, catalogue_data: None
) -> None:
    root = tmp_path / "sao-luu"
    backup.run(actors.cli_operator(), root)
    again = backup.run(actors.cli_operator(), root)
    assert (again.files, again.files_copied) == (2, 0)
    (data_dir / "files" / "so-01" / "trang-003.tif").write_bytes(b"II*\x00" + b"\x03" * 900)
    third = backup.run(actors.cli_operator(), root)
    assert (third.files, third.files_copied, third.bytes_copied) == (3, 1, 904)
    # Three backups on one day: the daily policy keeps the newest, and the objects it uses.
    assert [p.name for p in archive.backups(root)] == [third.name]
    assert len(list(root.glob("objects/*/*.age"))) == 3


def test_restore_brings_back_records_files_and_keys_onto_an_empty_place(
    tmp_path: Path,
    key_file: Path,
    data_dir: Path,
    catalogue_data: None,
    empty_target: dict[str, str],
) -> None:
    root = tmp_path / "sao-luu"
    made = backup.run(actors.cli_operator(), root)
    done = thuvien(empty_target, "restore", str(root), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {
        "name": made.name, "seconds": json.loads(done.stdout.splitlines()[-1])["seconds"],
        "files": 2, "tables": made.tables,
    }  # fmt: skip
    target = Path(empty_target["THUVIEN_DATA_DIR"])
    for name in ("trang-001.tif", "trang-002.tif"):
        assert (target / "files" / "so-01" / name).read_bytes() == (
            data_dir / "files" / "so-01" / name
        ).read_bytes()
    assert (target / "secret_key").read_text() == "khoa-bi-mat-cua-may-chu"
    assert count(empty_target, "catalogue_record") == 2
    # The index is rebuilt: the restored records are found at once.
    found = thuvien(empty_target, "search", "query", "Lịch sử Cà Mau")
    assert found.returncode == 0, found.stderr
    assert found.stdout.splitlines()[0].startswith("1 kết quả")
    assert "Lịch sử Cà Mau" in found.stdout.splitlines()[1]
    # A second restore onto what is now in use is refused.
    again = thuvien(empty_target, "restore", str(root))
    assert again.returncode == 2
    assert "Nơi phục hồi không trống" in again.stderr


def test_a_damaged_file_fails_the_drill_and_the_restore_refuses_before_writing(
    tmp_path: Path,
    key_file: Path,
    data_dir: Path,
    catalogue_data: None,
    empty_target: dict[str, str],
) -> None:
    root = tmp_path / "sao-luu"
    backup.run(actors.cli_operator(), root)
    damaged = sorted(root.glob("objects/*/*.age"))[0]
    blob = bytearray(damaged.read_bytes())
    blob[-20] ^= 0xFF
    damaged.write_bytes(bytes(blob))
    drill = restore.verify(root)
    assert drill.identical is False
    assert len(drill.differences) == 1
    assert drill.differences[0].endswith(": sai mã kiểm tra")
    assert BackupRun.objects.filter(kind="verify").get().outcome == "failed"
    done = thuvien(empty_target, "restore", str(root))
    assert done.returncode == 2
    assert f"Không giải mã được {damaged}: tệp hỏng" in done.stderr
    target = Path(empty_target["THUVIEN_DATA_DIR"])
    assert not (target / "files").exists() or not any((target / "files").iterdir())
    assert count_tables(empty_target) == 0


def count_tables(env: dict[str, str]) -> int:
    if env["THUVIEN_DATABASE_URL"]:
        return count(env, "pg_tables WHERE schemaname = 'public'")
    path = Path(env["THUVIEN_DATA_DIR"]) / "thuvien.sqlite3"
    return count(env, "sqlite_master WHERE type = 'table'") if path.exists() else 0


def test_another_key_is_refused_naming_both(
    tmp_path: Path,
    key_file: Path,
    data_dir: Path,
    catalogue_data: None,
    empty_target: dict[str, str],
) -> None:
    root = tmp_path / "sao-luu"
    backup.run(actors.cli_operator(), root)
    other = tmp_path / "khoa-khac.txt"
    other_public = keys.generate(other)
    done = thuvien({**empty_target, "THUVIEN_BACKUP_KEY_FILE": str(other)}, "restore", str(root))
    assert done.returncode == 2
    made_for = keys.load(key_file).public
    assert done.stderr.strip().splitlines()[-1] == (
        f"CommandError: Bản sao lưu {archive.backups(root)[0].name} được mã hoá cho khóa "
        f"{made_for}, còn khóa ở {other} là {other_public}: dùng đúng tệp khóa của bản sao lưu này."
    )
    assert count_tables(empty_target) == 0


def test_a_full_disk_fails_cleanly_and_keeps_the_earlier_backups(
    tmp_path: Path, key_file: Path, data_dir: Path, catalogue_data: None
) -> None:
    disk = tmp_path / "dia-nho"
    disk.mkdir()
    # A real small disk: a 3 MB tmpfs (the suite runs as root, as CI does).
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], check=True)
    try:
        first = backup.run(actors.cli_operator(), disk)
        (data_dir / "files" / "so-01" / "lon.tif").write_bytes(os.urandom(4 << 20))
        with pytest.raises(InvalidInput) as failed:
            backup.run(actors.cli_operator(), disk)
        assert failed.value.message.startswith(f"Đĩa ở {disk} đã đầy (còn ")
        assert failed.value.message.endswith(
            "bản sao lưu dở dang đã được xoá, các bản trước vẫn nguyên. Giải phóng chỗ hoặc "
            "chọn nơi khác (--to)."
        )
        assert [p.name for p in archive.backups(disk)] == [first.name]
        assert list(disk.glob(".partial-*")) == []
        assert list(disk.glob("objects/*/*.partial")) == []
        assert restore.verify(disk).identical is True
        outcomes = list(BackupRun.objects.order_by("id").values_list("kind", "outcome"))
        assert outcomes == [("backup", "ok"), ("backup", "failed"), ("verify", "ok")]
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_backup_killed_at_any_moment_leaves_no_backup_half_written(
    tmp_path: Path, key_file: Path, data_dir: Path, catalogue_data: None
) -> None:
    root = tmp_path / "sao-luu"
    first = backup.run(actors.cli_operator(), root)
    (data_dir / "files" / "so-01" / "lon.tif").write_bytes(os.urandom(8 << 20))
    env = {**os.environ, "THUVIEN_DATA_DIR": str(data_dir)}
    # The running process backs up its own database; what matters is the folder it writes.
    for delay in (0.3, 0.8, 1.5):
        child = subprocess.Popen(
            [str(THUVIEN), "backup", "--to", str(root)], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        for folder in archive.backups(root):
            # Every folder with a backup's name is whole: its manifest lists its files.
            assert (folder / "manifest.json.age").is_file()
            assert (folder / "database.age").is_file()
    after = backup.run(actors.cli_operator(), root)
    assert list(root.glob(".partial-*")) == []
    assert list(root.glob("objects/*/*.partial")) == []
    assert after.name != first.name
    assert restore.verify(root).identical is True


def test_the_retention_keeps_the_newest_of_each_day_week_and_month() -> None:
    names = [
        "thuvien-20261204T020000Z", "thuvien-20261204T010000Z", "thuvien-20261203T020000Z",
        "thuvien-20261130T020000Z", "thuvien-20261115T020000Z", "thuvien-20261002T020000Z",
        "thuvien-20261001T020000Z", "thuvien-20250101T020000Z",
    ]  # fmt: skip
    kept = backup.kept(names, backup.keep_policy("2d,2w,3m"))
    assert sorted(kept) == [
        "thuvien-20261002T020000Z",  # month: newest of October (the third month)
        "thuvien-20261115T020000Z",  # week: newest of ISO week 46 (the second with a backup)
        "thuvien-20261130T020000Z",  # month: newest of November (a Monday of week 49)
        "thuvien-20261203T020000Z",  # day: newest of 3 December
        "thuvien-20261204T020000Z",  # newest of all: 4 December, week 49, December
    ]
    with pytest.raises(InvalidInput) as refused:
        backup.keep_policy("7 ngày")
    assert refused.value.message == (
        "THUVIEN_BACKUP_KEEP “7 ngày” không đọc được: viết như 7d,4w,12m (số bản giữ theo "
        "ngày, tuần, tháng)."
    )


def test_the_commands_back_up_list_and_drill_as_an_administrator_types_them(
    tmp_path: Path, empty_target: dict[str, str]
) -> None:
    """The whole path through `thuvien`, in its own process, on an installation of its own."""
    env = {**empty_target, "THUVIEN_BACKUP_KEEP": "7d"}
    env.pop("THUVIEN_BACKUP_KEY_FILE", None)
    key = tmp_path / "khoa.txt"
    made = thuvien(env, "backup", "keygen", str(key))
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Đã tạo khóa sao lưu {key} (khóa công khai age1")
    refused = thuvien(env, "backup", "--to", str(tmp_path / "sao-luu"))
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1].startswith("CommandError: Chưa có khóa sao lưu.")
    env["THUVIEN_BACKUP_KEY_FILE"] = str(key)
    assert thuvien(env, "migrate", "-v0").returncode == 0  # a server's database: by hand
    assert thuvien(env, "library", "add", "VN-CM0009", "--name", "Thư viện xã", "--type",
                   "public").returncode == 0  # fmt: skip
    done = thuvien(env, "backup", "--to", str(tmp_path / "sao-luu"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Đã sao lưu {tmp_path / 'sao-luu'}/thuvien-")
    listed = thuvien(env, "backup", "list", str(tmp_path / "sao-luu"))
    assert listed.stdout.split()[1:] == [
        "postgresql" if env["THUVIEN_DATABASE_URL"] else "sqlite", "0"
    ]  # fmt: skip
    drill = thuvien(env, "backup", "verify", str(tmp_path / "sao-luu"), "--json")
    assert drill.returncode == 0, drill.stderr
    assert json.loads(drill.stdout.splitlines()[-1])["identical"] is True
