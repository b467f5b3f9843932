"""In-process timing of the typed-lambda Python shim vs Powertools on one S3 event.

    AWS_LAMBDA_LOG_LEVEL=INFO python inprocess.py MODULE_DIR EVENT_JSON SECONDS

MODULE_DIR holds the built `handler` module of examples/python-s3. Both handlers log at the
level of AWS_LAMBDA_LOG_LEVEL (INFO when unset; typed-lambda reads the same variable), to
stderr, which the harness discards. Prints one JSON object:
events per second of each handler (median of interleaved samples) and whether both returned
the same summary.
"""

import json
import logging
import os
import statistics
import sys
import time

module_dir, event_path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
sys.path.insert(0, module_dir)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "INFO").upper()
logging.basicConfig(level=logging.INFO, stream=sys.stderr)

import handler  # noqa: E402  the typed-lambda shim module
import powertools_s3  # noqa: E402
from aws_lambda_powertools.utilities.parser.models import S3Model  # noqa: E402

powertools_s3.logger.setLevel(logging.INFO if level == "INFO" else logging.WARNING)


class Context:
    """The attributes awslambdaric's LambdaContext has (memory_limit_in_mb is a str there)."""

    function_name = "bench"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
    memory_limit_in_mb = "512"
    aws_request_id = "8476a536-e9f4-11e8-9739-2dfe598c3fcd"
    log_group_name = "/aws/lambda/bench"
    log_stream_name = "2026/01/01/[$LATEST]bench"
    identity = None
    client_context = None

    def __init__(self):
        self._deadline = time.time() + 900

    def get_remaining_time_in_millis(self):
        return int((self._deadline - time.time()) * 1000)


with open(event_path) as f:
    text = f.read()
event = json.loads(text)
ctx = Context()

contenders = {
    "shim": lambda: handler.handle(event, ctx),
    "powertools": lambda: powertools_s3.handle(event, ctx),
    "powertools_validate_only": lambda: S3Model.model_validate(event),
    "powertools_validate_json": lambda: S3Model.model_validate_json(text),
}

ours, theirs = contenders["shim"](), contenders["powertools"]()
same = ours == theirs


def batch_size(fn, target):
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        took = time.perf_counter() - start
        if took >= target / 4:
            return max(1, int(n * target / took))
        n *= 2


sample = max(seconds / 20, 0.001)
rounds = 1 if seconds < 1 else 7
batches = {name: batch_size(fn, sample) for name, fn in contenders.items()}
rates = {name: [] for name in contenders}
names = list(contenders)
for r in range(rounds):
    for k in range(len(names)):
        name = names[(k + r) % len(names)]
        fn, n = contenders[name], batches[name]
        start = time.perf_counter()
        for _ in range(n):
            fn()
        rates[name].append(n / (time.perf_counter() - start))

print(
    json.dumps(
        {
            "rates": {name: statistics.median(v) for name, v in rates.items()},
            "same_output": same,
            "ours": ours,
            "theirs": theirs,
            "python": sys.version.split()[0],
        }
    )
)
