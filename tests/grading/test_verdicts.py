"""Verdicts that do not depend on style (issue 13): every correct answer passes, whatever kind
of tuple, exception or empty list it uses, and every classic mistake fails, including changing
the caller's inputs in place, with a message that names what is wrong."""

from __future__ import annotations

import pytest

from quizprep.bank.pack import Pack
from quizprep.grading.grader import Grader
from quizprep.grading.result import GradeResult
from tests.conftest import dedent


@pytest.fixture(scope="module")
def grader(builtin_pack: Pack) -> Grader:
    return Grader(builtin_pack, seed=2024, device="cpu")


def grade(grader: Grader, exercise: str, source: str) -> GradeResult:
    return grader.grade_source(
        dedent(source), grader.exercise(exercise), submission=f"{exercise}.py"
    )


def failures(result: GradeResult) -> list[str]:
    return [f"{c.name}: {c.message}" for c in result.checks if c.status != "pass"]


CORRECT = {
    # tuple subclasses are tuples
    "topk as a collections.namedtuple": (
        "topk_predictions",
        """
        from collections import namedtuple
        import numpy as np

        TopK = namedtuple("TopK", "values indices")

        def topk_predictions(logits, k):
            if not 1 <= k <= logits.shape[1]:
                raise ValueError(f"k={k}")
            indices = np.argsort(-logits, axis=1, kind="stable")[:, :k]
            return TopK(np.take_along_axis(logits, indices, axis=1), indices)
        """,
    ),
    "topk as torch's own result type (a structseq)": (
        "topk_predictions",
        """
        import torch

        def topk_predictions(logits, k):
            if not 1 <= k <= logits.shape[1]:
                raise ValueError(f"k={k}")
            result = torch.sort(logits, dim=1, descending=True, stable=True)
            return torch.return_types.topk((result.values[:, :k], result.indices[:, :k]))
        """,
    ),
    "perceptron step as a typing.NamedTuple": (
        "perceptron_step",
        """
        from typing import NamedTuple
        import numpy as np

        class Step(NamedTuple):
            w_new: np.ndarray
            b_new: float

        def perceptron_step(w, b, x, y, lr):
            y_hat = 1 if w @ x + b >= 0 else 0
            return Step(w + lr * (y - y_hat) * x, b + lr * (y - y_hat))
        """,
    ),
    "early stopping as a namedtuple": (
        "early_stopping_epoch",
        """
        from collections import namedtuple

        Stop = namedtuple("Stop", ["best_epoch", "stop_epoch"])

        def early_stopping_epoch(val_losses, patience, min_delta=0.0):
            if patience < 1 or len(val_losses) == 0:
                raise ValueError("patience < 1 or no epochs")
            best, best_epoch, waited = float("inf"), None, 0
            for epoch, loss in enumerate(val_losses):
                if loss < best - min_delta:
                    best, best_epoch, waited = loss, epoch, 0
                else:
                    waited += 1
                    if waited >= patience:
                        return Stop(best_epoch, epoch)
            return Stop(best_epoch, len(val_losses) - 1)
        """,
    ),
    # an exception subclass is that exception (isinstance, as pytest.raises means it)
    "topk raising a ValueError subclass": (
        "topk_predictions",
        """
        import numpy as np

        class InvalidK(ValueError):
            pass

        def topk_predictions(logits, k):
            if not 1 <= k <= logits.shape[1]:
                raise InvalidK(f"k={k}")
            indices = np.argsort(-logits, axis=1, kind="stable")[:, :k]
            return np.take_along_axis(logits, indices, axis=1), indices
        """,
    ),
    "iterations per epoch raising a ValueError subclass": (
        "iterations_per_epoch",
        """
        class BatchSizeError(ValueError):
            pass

        def iterations_per_epoch(n, batch_size, drop_last=False):
            if batch_size < 1:
                raise BatchSizeError("batch_size must be at least 1")
            return n // batch_size if drop_last else -(-n // batch_size)
        """,
    ),
    "activations raising a subclass of a subclass": (
        "activations",
        """
        import numpy as np

        class ConfigError(ValueError):
            pass

        class UnknownActivation(ConfigError):
            pass

        def activations(x, name):
            x = np.asarray(x, dtype=np.float64)
            sigmoid = 0.5 * (1 + np.tanh(x / 2))
            rules = {
                "relu": (np.maximum(x, 0), (x > 0).astype(np.float64)),
                "leaky_relu": (np.where(x > 0, x, 0.01 * x), np.where(x > 0, 1.0, 0.01)),
                "sigmoid": (sigmoid, sigmoid * (1 - sigmoid)),
                "tanh": (np.tanh(x), 1 - np.tanh(x) ** 2),
            }
            if name not in rules:
                raise UnknownActivation(name)
            return rules[name]
        """,
    ),
    # an empty list of the right nesting is an empty array
    "box IoU and Dice with Python loops (zero boxes give [])": (
        "box_iou_dice",
        """
        def box_iou_dice(boxes1, boxes2):
            for x1, y1, x2, y2 in [*boxes1.tolist(), *boxes2.tolist()]:
                if x2 < x1 or y2 < y1:
                    raise ValueError("a box with x2 < x1 or y2 < y1")
            iou, dice = [], []
            for a in boxes1.tolist():
                iou_row, dice_row = [], []
                for b in boxes2.tolist():
                    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
                    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
                    inter = w * h
                    total = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1])
                    iou_row.append(inter / (total - inter) if total > 0 else 0.0)
                    dice_row.append(2 * inter / total if total > 0 else 0.0)
                iou.append(iou_row)
                dice.append(dice_row)
            return iou, dice
        """,
    ),
    "box IoU and Dice as comprehensions over tuples": (
        "box_iou_dice",
        """
        def _area(box):
            return (box[2] - box[0]) * (box[3] - box[1])

        def _pair(a, b):
            w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
            h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
            total = _area(a) + _area(b)
            if total == 0:
                return 0.0, 0.0
            return w * h / (total - w * h), 2 * w * h / total

        def box_iou_dice(boxes1, boxes2):
            rows1, rows2 = [tuple(r) for r in boxes1.tolist()], [tuple(r) for r in boxes2.tolist()]
            if any(x2 < x1 or y2 < y1 for x1, y1, x2, y2 in rows1 + rows2):
                raise ValueError("a box with x2 < x1 or y2 < y1")
            pairs = [[_pair(a, b) for b in rows2] for a in rows1]
            return (
                tuple(tuple(p[0] for p in row) for row in pairs),
                tuple(tuple(p[1] for p in row) for row in pairs),
            )
        """,
    ),
    "strided windows built as a list of lists": (
        "strided_windows",
        """
        def strided_windows(x, window, stride):
            if window < 1 or stride < 1 or window > len(x):
                raise ValueError("no window fits")
            return [list(x[i : i + window]) for i in range(0, len(x) - window + 1, stride)]
        """,
    ),
    # a pool of processes is allowed, and correct
    "iterations per epoch computed in a multiprocessing pool": (
        "iterations_per_epoch",
        """
        import multiprocessing

        def _count(arguments):
            n, batch_size, drop_last = arguments
            return n // batch_size if drop_last else -(-n // batch_size)

        def iterations_per_epoch(n, batch_size, drop_last=False):
            if batch_size < 1:
                raise ValueError("batch_size must be at least 1")
            with multiprocessing.get_context("fork").Pool(1) as pool:
                return pool.map(_count, [(n, batch_size, drop_last)])[0]
        """,
    ),
}


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_answers_in_any_form_pass(grader: Grader, name: str) -> None:
    exercise, source = CORRECT[name]
    result = grade(grader, exercise, source)
    assert result.status == "pass", failures(result)


# Each returns the right values but changes the caller's arrays on the way.
IN_PLACE = {
    "adam moments updated in place": (
        "adam_step",
        ("m", "v"),
        """
        import numpy as np

        def adam_step(param, grad, m, v, t, lr, beta1, beta2, eps, weight_decay=0.0):
            grad = grad + weight_decay * param
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad**2
            m_hat = m / (1 - beta1**t)
            v_hat = v / (1 - beta2**t)
            return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
        """,
    ),
    "batch norm updating the caller's running statistics": (
        "batchnorm_forward",
        ("running_mean", "running_var"),
        """
        import numpy as np

        def batchnorm_forward(x, gamma, beta, running_mean, running_var, momentum=0.1,
                              eps=1e-5, training=True):
            if not training:
                y = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
                return y, running_mean.copy(), running_var.copy()
            if x.shape[0] == 1:
                raise ValueError("need more than one sample")
            mean, var = x.mean(axis=0), x.var(axis=0)
            y = gamma * (x - mean) / np.sqrt(var + eps) + beta
            running_mean *= 1 - momentum
            running_mean += momentum * mean
            running_var *= 1 - momentum
            running_var += momentum * x.var(axis=0, ddof=1)
            return y, running_mean, running_var
        """,
    ),
    "clip_grad_norm scaling the caller's gradients": (
        "clip_grad_norm",
        ("grads[0]",),
        """
        import math
        import numpy as np

        def clip_grad_norm(grads, max_norm, norm_type=2.0):
            if norm_type == math.inf:
                total = max(float(np.abs(g).max(initial=0.0)) for g in grads)
            else:
                total = sum(float((np.abs(g) ** norm_type).sum()) for g in grads)
                total = total ** (1.0 / norm_type)
            coef = min(1.0, max_norm / (total + 1e-6))
            for g in grads:
                g *= coef
            return list(grads), total
        """,
    ),
    "perceptron updating w in place": (
        "perceptron_step",
        ("w",),
        """
        def perceptron_step(w, b, x, y, lr):
            y_hat = 1 if w @ x + b >= 0 else 0
            w += lr * (y - y_hat) * x
            return w, b + lr * (y - y_hat)
        """,
    ),
    "momentum buffer updated in place (torch)": (
        "momentum_step",
        ("velocity",),
        """
        import torch

        def momentum_step(param, grad, velocity, lr, momentum, dampening=0.0, nesterov=False):
            if momentum <= 0 or (nesterov and dampening != 0):
                raise ValueError("bad momentum settings")
            if velocity is None:
                velocity = grad.clone()
            else:
                velocity.mul_(momentum).add_(grad, alpha=1 - dampening)
            direction = grad + momentum * velocity if nesterov else velocity
            return param - lr * direction, velocity
        """,
    ),
}


@pytest.mark.parametrize("name", sorted(IN_PLACE))
def test_changing_the_inputs_in_place_fails_and_names_them(grader: Grader, name: str) -> None:
    exercise, changed, source = IN_PLACE[name]
    result = grade(grader, exercise, source)
    assert result.status == "fail", "a submission that changes its inputs passed"
    messages = " ".join(failures(result))
    assert "in place" in messages
    for input_name in changed:
        assert f"`{input_name}`" in messages, messages


def test_an_exercise_whose_contract_is_in_place_may_change_that_input(tmp_path) -> None:
    """`modifies:` in the exercise YAML exempts the inputs an in-place contract changes."""
    from quizprep.bank.pack import load_pack
    from tests.conftest import write_tiny_pack

    root = write_tiny_pack(tmp_path / "pack")
    question = root / "questions" / "scaled_sum.yaml"
    text = question.read_text()
    question.write_text(text.replace("  random_cases: 3\n", "  random_cases: 3\n  modifies: [a]\n"))
    grader = Grader(load_pack(root), seed=1, device="cpu")
    in_place_a = """
        def scaled_sum(a, b, scale):
            a += b
            a *= scale
            return a
        """
    in_place_b = in_place_a.replace("a += b\n", "b += a\n").replace("a *= scale", "b *= scale")
    in_place_b = in_place_b.replace("return a", "return b")
    assert grade(grader, "scaled_sum", in_place_a).status == "pass"
    result = grade(grader, "scaled_sum", in_place_b)
    assert result.status == "fail"
    assert "modified its input `b` in place" in " ".join(failures(result))


# Wrong answers that skip a check the exercise text asks for.
MISSING_CHECKS = {
    "dropout checks p only in training mode": (
        "dropout",
        """
        def dropout(x, mask, p, training=True):
            if not training:
                return x
            if not 0 <= p <= 1:
                raise ValueError("p must be in [0, 1]")
            return x * 0.0 if p == 1 else x * mask / (1 - p)
        """,
    ),
    "cosine schedule accepting a negative warm-up": (
        "cosine_lr",
        """
        import math

        def cosine_lr(step, total_steps, base_lr, min_lr=0.0, warmup_steps=0):
            if step < 0 or not warmup_steps < total_steps:
                raise ValueError("bad step or warmup")
            if step < warmup_steps:
                return base_lr * step / warmup_steps
            if step > total_steps:
                return float(min_lr)
            progress = (step - warmup_steps) / (total_steps - warmup_steps)
            return min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * progress)) / 2
        """,
    ),
    "IoU checking only x2 < x1": (
        "box_iou_dice",
        """
        import numpy as np

        def box_iou_dice(boxes1, boxes2):
            for boxes in (boxes1, boxes2):
                if (boxes[:, 2] < boxes[:, 0]).any():
                    raise ValueError("x2 < x1")
            area1 = (boxes1[:, 2] - boxes1[:, 0]) * (boxes1[:, 3] - boxes1[:, 1])
            area2 = (boxes2[:, 2] - boxes2[:, 0]) * (boxes2[:, 3] - boxes2[:, 1])
            lo = np.maximum(boxes1[:, None, :2], boxes2[None, :, :2])
            hi = np.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])
            inter = np.clip(hi - lo, 0, None).prod(axis=2)
            total = area1[:, None] + area2[None, :]
            with np.errstate(all="ignore"):
                iou = np.where(total > 0, inter / (total - inter), 0.0)
                dice = np.where(total > 0, 2 * inter / total, 0.0)
            return iou, dice
        """,
    ),
}


@pytest.mark.parametrize("name", sorted(MISSING_CHECKS))
def test_a_check_the_text_asks_for_is_tried(grader: Grader, name: str) -> None:
    exercise, source = MISSING_CHECKS[name]
    result = grade(grader, exercise, source)
    assert result.status == "fail", "a submission missing a required check passed"
    assert any("should raise ValueError" in m for m in failures(result))


def test_a_library_not_implemented_error_is_not_called_not_attempted(grader: Grader) -> None:
    """Only the learner's own `raise NotImplementedError` means "not attempted"."""
    result = grade(
        grader,
        "mlp_forward",
        """
        import torch

        def mlp_forward(x, W1, b1, W2, b2):
            meta = torch.empty(2, 2, device="meta")
            hidden = torch.relu(x @ W1.T + b1)
            return (hidden @ W2.T + b2) + meta.cpu().sum().item()
        """,
    )
    messages = failures(result)
    assert messages
    assert not any("not attempted" in m for m in messages), messages
    assert any("NotImplementedError" in m for m in messages), messages
    starter = grade(grader, "mlp_forward", grader.exercise("mlp_forward").starter)
    assert all("not attempted" in m for m in failures(starter))


# Feedback that points at the mistake.


def test_integer_outputs_are_shown_as_sequences(grader: Grader) -> None:
    """Token ids compared as floats said "off by a constant factor of 4 (summed where it should
    be averaged?)"; a wrong token sequence is shown as tokens."""
    result = grade(
        grader,
        "greedy_decode",
        """
        import numpy as np

        def greedy_decode(logits_table, start_token, end_token, max_len):
            tokens, current = [], start_token
            while len(tokens) < max_len:
                current = int(np.argmax(logits_table[current][::-1]))  # ties: highest index
                tokens.append(current)
                if current == end_token:
                    break
            return np.array(tokens, dtype=np.int32)
        """,
    )
    messages = failures(result)
    assert messages
    for message in messages:
        for float_talk in ("abs error", "factor", "averaged", "tolerance"):
            assert float_talk not in message, message
    assert any("got [" in m and "expected [" in m for m in messages), messages


def test_nan_advice_fits_where_the_nan_came_from(grader: Grader) -> None:
    """Dropout with p = 1 and no special case computes 0/0; the advice names 0/0."""
    result = grade(
        grader,
        "dropout",
        """
        def dropout(x, mask, p, training=True):
            if not 0 <= p <= 1:
                raise ValueError("p must be in [0, 1]")
            return x * mask / (1 - p) if training else x
        """,
    )
    nan_messages = [m for m in failures(result) if "NaN at" in m]
    assert nan_messages, failures(result)
    assert all("0/0" in m for m in nan_messages)


def test_no_sum_versus_mean_guess_for_a_plus_one_in_iou(grader: Grader) -> None:
    source = CORRECT["box IoU and Dice with Python loops (zero boxes give [])"][1]
    plus_one = source.replace(
        "(a[2] - a[0]) * (a[3] - a[1])", "(a[2] - a[0] + 1) * (a[3] - a[1] + 1)"
    )
    assert plus_one != source
    result = grade(grader, "box_iou_dice", plus_one)
    assert result.status == "fail"
    assert not any("averaged" in m for m in failures(result)), failures(result)


def test_the_simplest_failing_case_comes_first(tmp_path) -> None:
    """Edge cases are reported simplest first (zeros before random numbers), then random ones;
    names show NumPy numbers as plain numbers."""
    from quizprep.bank.pack import load_pack
    from tests.conftest import write_tiny_pack

    root = write_tiny_pack(tmp_path / "pack")
    reference = root / "reference" / "scaled_sum.py"
    text = reference.read_text()
    text = text.replace(
        """    return [Case("zeros", (np.zeros(3), np.zeros(3), 2.0)),
            Case("scale of 3", (np.arange(4.0), np.ones(4), 3.0))]""",
        """    rng = np.random.default_rng(0)
    a = rng.normal(size=(5,))
    return [Case(f"random, shape={a.shape + (np.int64(1),)}", (a, rng.normal(size=5), 2.0)),
            Case("scale of 3", (np.arange(4.0), np.ones(4), 3.0)),
            Case(f"zeros, flag={np.True_}", (np.zeros(3), np.zeros(3), 2.0))]""",
    )
    assert "np.True_" in text
    reference.write_text(text)
    grader = Grader(load_pack(root), seed=1, device="cpu")
    names = [case.name for case in grader.cases(grader.exercise("scaled_sum")).cases]
    assert names[:3] == ["zeros, flag=True", "scale of 3", "random, shape=(5, 1)"]
    assert all(name.startswith("random ") for name in names[3:])


def test_a_message_says_its_line_once() -> None:
    from quizprep.grading.grader import _error_status
    from quizprep.sandbox.runner import WorkerError

    error = WorkerError("SyntaxError", "'(' was never closed (submission.py, line 18)", line=18)
    _, message = _error_status(error)
    assert message.count("line 18") == 1, message
    error = WorkerError("ValueError", "bad shape", line=18, code="x = y.reshape(3)")
    _, message = _error_status(error)
    assert "(line 18: x = y.reshape(3))" in message


def test_a_too_strict_check_is_explained_by_its_mutant(tmp_path) -> None:
    """A mutant whose only mistake is to raise (a check that is too strict) explains the same
    deliberate `raise` in a submission; a crash inside a library is never "explained"."""
    from quizprep.bank.pack import load_pack
    from tests.conftest import write_tiny_pack

    root = write_tiny_pack(tmp_path / "pack")
    question = root / "questions" / "scaled_sum.yaml"
    explanation = "You refused all-zero inputs, which are valid (their sum is zero)."
    question.write_text(
        question.read_text() + f"    - name: refuses_zeros\n      explanation: {explanation}\n"
    )
    strict = """
        import numpy as np

        def scaled_sum(a, b, scale):
            if not np.any(a):
                raise ValueError("all zeros")
            return scale * (a + b)
        """
    (root / "reference" / "mutants" / "scaled_sum" / "refuses_zeros.py").write_text(dedent(strict))
    grader = Grader(load_pack(root), seed=1, device="cpu")
    learner = strict.replace('"all zeros"', '"zeros are not allowed"')
    result = grade(grader, "scaled_sum", learner)
    assert result.status != "pass"
    assert explanation in result.advice
    crash = strict.replace('raise ValueError("all zeros")', "np.linalg.inv(np.zeros((2, 2)))")
    crashed = grade(grader, "scaled_sum", crash)
    assert crashed.status != "pass" and crashed.advice == ""
