#!/usr/bin/env python3
"""Totals over a bucket of session logs the way the log writer's team would get them today.

A baseline for `make bench` (tests/benches/scale.rs): list every page of the prefix with the
list_objects_v2 paginator, get_object each key, json.loads it, and add up sessions, calls,
tokens and the logged cost. Sequential by default; `--threads N` fetches and parses with a
ThreadPoolExecutor of N workers sharing one client, as a team in a hurry would.

The fields are read with the same rules as session-log (a number written as text counts, a
value of the wrong kind does not, tokens are prompt plus completion), so that the benchmark
can check that every client reached the same totals before it compares their times. Those
rules cost a few isinstance checks per call, nothing next to a GET.

Endpoint, bucket and prefix come from the options; the keys from AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, so the secret never appears on a command line. Prints one JSON line:
the totals and the seconds from creating the client to the last sum (interpreter start and
imports are not counted).
"""

import argparse
import json
import math
import platform
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

WHOLE_NUMBER = re.compile(r"\+?[0-9]+")


def token_count(value):
    """A token count, or None for a value of the wrong kind."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= 9e15 else None
    if isinstance(value, float):
        return int(value) if 0 <= value <= 9e15 and value.is_integer() else None
    if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()):
        number = int(value.strip())
        return number if number < 2**64 else None
    return None


def dollars(value):
    """A cost in USD, or None for a value of the wrong kind."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def session_totals(body):
    """(calls, prompt, completion, cost) of one object, or None when it is not a session."""
    try:
        document = json.loads(body)
    except ValueError:  # not JSON, cut short, or not UTF-8
        return None
    if not isinstance(document, dict) or not isinstance(document.get("session_info"), dict):
        return None
    calls = prompt = completion = 0
    cost = 0.0
    api_calls = document.get("api_calls")
    for call in api_calls if isinstance(api_calls, list) else []:
        if not isinstance(call, dict):
            continue
        calls += 1
        tokens = call.get("tokens_used")
        if isinstance(tokens, dict):
            prompt += token_count(tokens.get("prompt_tokens")) or 0
            completion += token_count(tokens.get("completion_tokens")) or 0
        cost += dollars(call.get("cost_estimate")) or 0.0
    return calls, prompt, completion, cost


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True, help="http(s)://host[:port]")
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--prefix", default="openai_logs/")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--threads", type=int, default=1, help="GETs in flight at once")
    args = parser.parse_args()
    if args.threads < 1:
        parser.error("--threads must be at least 1")

    started = time.perf_counter()
    s3 = boto3.client(
        "s3",
        endpoint_url=args.endpoint,
        region_name=args.region,
        config=Config(
            s3={"addressing_style": "path"},
            max_pool_connections=max(10, args.threads),
        ),
    )

    def fetch(key):
        return session_totals(s3.get_object(Bucket=args.bucket, Key=key)["Body"].read())

    keys = [
        item["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket=args.bucket, Prefix=args.prefix
        )
        for item in page.get("Contents", [])
        if not item["Key"].endswith("/")
    ]
    if args.threads == 1:
        found = map(fetch, keys)
    else:
        with ThreadPoolExecutor(max_workers=args.threads) as pool:
            found = list(pool.map(fetch, keys))

    totals = {"sessions": 0, "invalid": 0, "calls": 0, "prompt_tokens": 0,
              "completion_tokens": 0, "cost_usd": 0.0}
    for one in found:
        if one is None:
            totals["invalid"] += 1
            continue
        calls, prompt, completion, cost = one
        totals["sessions"] += 1
        totals["calls"] += calls
        totals["prompt_tokens"] += prompt
        totals["completion_tokens"] += completion
        totals["cost_usd"] += cost
    totals["total_tokens"] = totals["prompt_tokens"] + totals["completion_tokens"]
    totals["objects"] = len(keys)
    totals["threads"] = args.threads
    totals["python"] = platform.python_version()
    totals["boto3"] = boto3.__version__
    totals["elapsed_seconds"] = time.perf_counter() - started
    json.dump(totals, sys.stdout)
    print()


if __name__ == "__main__":
    main()
