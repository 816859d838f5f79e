"""Bad input to the review: a clear message in Vietnamese and English, and nothing written anywhere.

Each case compares the whole store (quad count and content hash) and every file of the staging area
before and after: an unknown document, accepting twice, an edit the SHACL shapes refuse, an edit the
official unit list cannot resolve, rejecting twice, a bad candidate reference.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from support.curation import HOMONYM, STEWARD, fingerprint, ok, stage, staging_snapshot, wugraph

from wugraph.config import Settings


def _refused(runner: CliRunner, settings: Settings, *args: str, code: int = 2) -> str:
    """Run a command that must fail; returns its stderr after checking nothing changed."""
    store, staging = fingerprint(settings), staging_snapshot(settings)
    result = wugraph(runner, settings, *args)
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert fingerprint(settings) == store
    assert staging_snapshot(settings) == staging
    return result.stderr


def test_accepting_an_unknown_document(staged: Settings, runner: CliRunner) -> None:
    message = _refused(runner, staged, "review", "accept", "khong-co-bai-nay", "--steward", STEWARD)
    assert "Không có bài 'khong-co-bai-nay'" in message and "No document 'khong-co-bai-nay'" in message
    # one unknown name among known ones: the whole command is refused, the known one is not accepted either
    message = _refused(runner, staged, "review", "accept", "quang-son-ra-mat", "khong-co-bai-nay", "--steward", STEWARD)
    assert "No document 'khong-co-bai-nay'" in message
    message = _refused(runner, staged, "review", "accept", "../etc", "--steward", STEWARD)
    assert "không hợp lệ" in message and "Invalid document id" in message


def test_accepting_twice(staged: Settings, runner: CliRunner) -> None:
    ok(wugraph(runner, staged, "review", "accept", "quang-son-ra-mat", "--steward", STEWARD))
    message = _refused(runner, staged, "review", "accept", "quang-son-ra-mat", "--steward", STEWARD)
    assert "đã được duyệt" in message and "already accepted" in message and STEWARD in message
    message = _refused(runner, staged, "review", "accept", "quang-son-ra-mat:a1", "--steward", STEWARD)
    assert "already accepted" in message
    ok(wugraph(runner, staged, "review", "accept", "--all", "--steward", STEWARD))
    message = _refused(runner, staged, "review", "accept", "--all", "--steward", STEWARD)
    assert "Không có bài nào chờ duyệt" in message and "No document is waiting for review" in message


def test_an_edit_the_shapes_refuse_is_not_saved(loaded_settings: Settings, runner: CliRunner) -> None:
    stage(runner, loaded_settings, HOMONYM)
    # Xã Đức Mạnh ended on 30/6/2025 and has no namesake after the reform: an adoption dated after it is refused
    message = _refused(runner, loaded_settings, "review", "edit", "dak-mil-ra-mat:a1", "--date", "1/8/2025",
                       "--steward", STEWARD, code=1)
    assert "validation_failed" in message and "dak-mil-ra-mat:a1" in message
    assert "sau ngày kết thúc" in message  # the shape's own Vietnamese message, with the dates
    message = _refused(runner, loaded_settings, "review", "edit", "dak-mil-ra-mat:a1", "--unit", "Xã Không Có Thật",
                       "--steward", STEWARD)
    assert "Không có đơn vị hành chính" in message and "No official administrative unit" in message
    message = _refused(runner, loaded_settings, "review", "edit", "dak-mil-ra-mat:a1", "--kind", "bỏ dở", "--steward", STEWARD)
    assert "origination, replication or discontinuation" in message
    message = _refused(runner, loaded_settings, "review", "edit", "dak-mil-ra-mat:m1", "--unit", "24676", "--steward", STEWARD)
    assert "cannot be edited on m1" in message
    # a good edit of the same candidate is saved (the staging area changes, the store does not)
    store = fingerprint(loaded_settings)
    ok(wugraph(runner, loaded_settings, "review", "edit", "dak-mil-ra-mat:a1", "--date", "11/2023", "--steward", STEWARD))
    assert fingerprint(loaded_settings) == store


@pytest.mark.parametrize("ref, expected", [
    ("quang-son-ra-mat:z9", "has no candidate 'z9'"),
    ("quang-son-ra-mat", "Name one candidate as DOC:m1"),
])
def test_bad_candidate_references(staged: Settings, runner: CliRunner, ref: str, expected: str) -> None:
    message = _refused(runner, staged, "review", "edit", ref, "--kind", "replication", "--steward", STEWARD)
    assert expected in message


def test_rejecting_twice_and_nothing_to_edit(staged: Settings, runner: CliRunner) -> None:
    ok(wugraph(runner, staged, "review", "reject", "quang-hoa-nhan-rong", "--reason", "trùng tin", "--steward", STEWARD))
    message = _refused(runner, staged, "review", "reject", "quang-hoa-nhan-rong", "--steward", STEWARD)
    assert "đã bị bác bỏ rồi" in message and "already rejected" in message
    message = _refused(runner, staged, "review", "accept", "quang-hoa-nhan-rong", "--steward", STEWARD)
    assert "was rejected" in message
    message = _refused(runner, staged, "review", "edit", "quang-son-ra-mat:a1", "--steward", STEWARD)
    assert "Nothing to change" in message
    message = _refused(runner, staged, "review", "accept", "--steward", STEWARD)
    assert "--all" in message
