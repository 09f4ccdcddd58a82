#!/usr/bin/env bash
# The --device cuda path for real, on a machine with an NVIDIA GPU (run from the repository
# root; logs and results go to $OUT, default ./cuda-check). Each step has its own time limit
# so one that hangs cannot eat the others' time. Python packages the machine lacks can be
# put in .whl/ as wheels for its interpreter, e.g. for a Python 3.12 image that has torch and
# numpy but not quizprep's other requirements (versions from constraints.txt):
#   pip download --no-deps --only-binary=:all: --python-version 3.12 --implementation cp #     --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 -d .whl #     pydantic pydantic_core annotated-types typing-inspection typing_extensions fsrs #     platformdirs pylatexenc nbformat fastjsonschema jsonschema jsonschema-specifications #     referencing rpds-py traitlets jupyter_core textual textual-plotext plotext rich #     markdown-it-py mdit-py-plugins mdurl linkify-it-py uc-micro-py tree-sitter #     tree-sitter-python watchfiles pytest-asyncio syrupy pytest-textual-snapshot
# They are installed into the interpreter first.
set -u
OUT=${OUT:-cuda-check}
mkdir -p "$OUT"
exec > >(tee "$OUT/log.txt") 2>&1
PY=${PYTHON:-python3}
step() { echo; echo "=== $* ($(date +%T))"; }

step setup
if compgen -G ".whl/*.whl" >/dev/null; then
    $PY -m pip install -q --no-index --no-deps --no-cache-dir .whl/*.whl || exit 1
fi
SITE=$($PY -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
echo "$PWD" >"$SITE/quizprep-dev.pth"
nvidia-smi -L
$PY -c "import torch, numpy; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.is_available(), torch.cuda.get_device_name(0)); print('numpy', numpy.__version__)"

step doctor
timeout 120 $PY -m quizprep doctor

step "grade every test solution of both packs, --device cuda then --device cpu"
SUBS=/var/tmp/cuda-subs
rm -rf "$SUBS"
for folder in tests/solutions/*/; do
    exercise=$(basename "$folder")
    for solution in "$folder"*.py; do
        student="$(basename "$solution" .py)"
        mkdir -p "$SUBS/$student"
        cp "$solution" "$SUBS/$student/$exercise.py"
    done
done
echo "$(find "$SUBS" -name '*.py' | wc -l) submissions"
for device in cuda cpu; do
    start=$(date +%s%N)
    timeout 150 $PY -m quizprep grade "$SUBS" --device "$device" --seed 1 --format csv \
        --output "$OUT/grade-$device.csv" --results "$OUT/grade-$device.jsonl"
    echo "exit $? after $((($(date +%s%N) - start) / 1000000)) ms"
done
$PY - "$OUT" <<'EOF'
import json, sys, collections
for device in ("cuda", "cpu"):
    rows = [json.loads(line) for line in open(f"{sys.argv[1]}/grade-{device}.jsonl")]
    rows = [r for r in rows if "exercise" in r]
    statuses = collections.Counter(r.get("status") for r in rows)
    devices = collections.Counter(f"{r.get('arrays')} on {r.get('device')}" for r in rows)
    print(device, len(rows), "results", dict(statuses), dict(devices))
    for r in rows:
        if r.get("score") != 1:
            print("  NOT FULL MARKS", r.get("submission"), r.get("exercise"), r.get("status"),
                  r.get("score"), str(r.get("advice") or r.get("output") or "")[:300])
EOF

step "cold single files on cuda: quizprep grade one.py (3 runs each)"
for exercise in gru_cell conv2d_output_shape; do
    file=$(grep -l "import torch" tests/solutions/$exercise/*.py | head -1)
    mkdir -p /var/tmp/one && cp "$file" /var/tmp/one/$exercise.py
    for run in 1 2 3; do
        TIMEFORMAT="$exercise on cuda, cold: %R s"
        time (timeout 120 $PY -m quizprep grade /var/tmp/one/$exercise.py --device cuda \
            --seed 1 --no-results | tail -2)
    done
done

step "pytest -m cuda (oracles on CUDA; both packs' pack check on CUDA)"
timeout 300 $PY -m pytest -q -p no:cacheprovider -m cuda tests/grading/test_noise.py \
    tests/grading/test_packcheck.py tests/test_cli.py -x

step "sandbox and grading tests with the GPU's devices in the jail"
timeout 150 $PY -m pytest -q -p no:cacheprovider -n 12 -m "not slow and not cuda" \
    tests/sandbox tests/grading/test_grader.py tests/reference -x 2>&1 | tail -25
step done
