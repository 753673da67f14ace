"""Output paths: the format's extension, no symbolic links, no overwriting without --force (issue 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exequatur.io.outputs import OutputPathError, checked_output


def test_a_new_file_with_the_right_extension_is_accepted(tmp_path: Path) -> None:
    assert checked_output(tmp_path / "chart.png", ".png", force=False, option="--png") == tmp_path / "chart.png"
    assert checked_output(tmp_path / "CHART.PNG", ".png", force=False, option="--png") == tmp_path / "CHART.PNG"


@pytest.mark.parametrize("name", ["notes.txt", "chart", "chart.png.txt", "chart.html"])
def test_a_name_without_the_format_extension_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputPathError, match=r"--png .*must end in \.png"):
        checked_output(tmp_path / name, ".png", force=False, option="--png")


def test_an_existing_file_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")
    with pytest.raises(OutputPathError, match="--force"):
        checked_output(target, ".png", force=False, option="--png")
    assert checked_output(target, ".png", force=True, option="--png") == target
    assert target.read_bytes() == b"old"  # checking writes nothing


def test_a_symbolic_link_is_refused_even_with_force(tmp_path: Path) -> None:
    victim = tmp_path / "important.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "chart.png"
    link.symlink_to(victim)
    with pytest.raises(OutputPathError, match="symbolic link"):
        checked_output(link, ".png", force=True, option="--png")
    dangling = tmp_path / "other.png"
    dangling.symlink_to(tmp_path / "nowhere.png")
    with pytest.raises(OutputPathError, match="symbolic link"):
        checked_output(dangling, ".png", force=False, option="--png")
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "somedir.png").mkdir()
    with pytest.raises(OutputPathError, match="directory"):
        checked_output(tmp_path / "somedir.png", ".png", force=True, option="--png")


def test_a_missing_folder_is_refused_not_created(tmp_path: Path) -> None:
    with pytest.raises(OutputPathError, match="does not exist"):
        checked_output(tmp_path / "nodir" / "x.png", ".png", force=False, option="--png")
    assert not (tmp_path / "nodir").exists()
