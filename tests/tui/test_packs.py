"""The app with packs beside the built-in bank: namespaced progress and files, and a skipped
pack shown as a notice rather than stopping the app."""

from __future__ import annotations

from pathlib import Path

from quizprep.bank.pack import Pack, load_pack
from quizprep.progress.store import ProgressStore
from quizprep.tui.app import QuizprepApp
from quizprep.tui.trainer import Trainer
from tests.conftest import CORRECT_TINY, write_tiny_pack


def two_packs_sharing_an_id(tmp_path: Path) -> tuple[Pack, Pack]:
    first = load_pack(write_tiny_pack(tmp_path / "first"))
    other = write_tiny_pack(tmp_path / "second")
    (other / "pack.yaml").write_text("name: second\n")
    return first, load_pack(other)


def test_same_ids_in_two_packs_keep_separate_files_and_progress(
    tmp_path: Path, builtin_pack: Pack
) -> None:
    first, second = two_packs_sharing_an_id(tmp_path)
    trainer = Trainer(
        [builtin_pack, first, second], ProgressStore(tmp_path / "p.sqlite3"), tmp_path / "ws"
    )
    one, two = trainer.question("tiny/scaled_sum"), trainer.question("second/scaled_sum")
    assert one is not None and two is not None
    assert one.exercise is not None and two.exercise is not None
    assert trainer.exercise_file(one.exercise) == tmp_path / "ws" / "tiny" / "scaled_sum.py"
    assert trainer.exercise_file(two.exercise) == tmp_path / "ws" / "second" / "scaled_sum.py"
    gru = trainer.question("gru")
    assert gru is not None and gru.exercise is not None
    assert trainer.exercise_file(gru.exercise) == tmp_path / "ws" / "gru_cell.py"

    assert trainer.grade(one, CORRECT_TINY).status == "pass"
    assert trainer.store.has_passed("tiny/scaled_sum")
    assert not trainer.store.has_passed("second/scaled_sum")
    assert trainer.may_see_reference(one) and not trainer.may_see_reference(two)


async def test_a_skipped_pack_is_a_notice(tmp_path: Path, builtin_pack: Pack) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    notice = "skipped a pack (--pack): broken/questions/q.yaml:4: topic: Input should be ..."
    app = QuizprepApp([builtin_pack], store, tmp_path / "ws", notices=[notice])
    async with app.run_test() as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications] == [notice]
