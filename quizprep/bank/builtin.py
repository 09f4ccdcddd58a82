"""Where the packs that ship with quizprep are: found from this file, importing nothing heavy
(a cold command asks before pydantic is loaded)."""

from __future__ import annotations

from pathlib import Path

from quizprep.errors import PackError

__all__ = ["builtin_pack_dir", "builtin_pack_dirs", "builtin_reference_dirs", "modern_pack_dir"]


def builtin_pack_dir() -> Path:
    """The built-in bank: `questions/` next to the package in a checkout, `_bank/` in a wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_bank" / "questions", here.parent / "questions"):
        if (candidate / "pack.yaml").is_file():
            return candidate
    raise PackError(f"the built-in bank is missing (looked in {here / '_bank'} and {here.parent})")


def modern_pack_dir() -> Path:
    """The second built-in pack, `modern` (its ids are `modern/...`): `packs/modern/questions/`
    in a checkout, `_bank/modern/questions/` in a wheel."""
    here = Path(__file__).resolve().parent.parent
    wheel, checkout = here / "_bank" / "modern", here.parent / "packs" / "modern"
    for candidate in (wheel / "questions", checkout / "questions"):
        if (candidate / "pack.yaml").is_file():
            return candidate
    raise PackError(f"the built-in modern pack is missing (looked in {wheel} and {checkout})")


def builtin_pack_dirs() -> list[Path]:
    """The packs that ship with quizprep, in the order they are listed: the classic bank, then
    `modern`."""
    return [builtin_pack_dir(), modern_pack_dir()]


def builtin_reference_dirs() -> list[Path]:
    """The reference folders of the built-in packs (each pack.yaml says `../reference`)."""
    return [folder.parent / "reference" for folder in builtin_pack_dirs()]
