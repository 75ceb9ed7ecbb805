#!/usr/bin/env python3
"""Generate presigned S3 URL test vectors with a pinned botocore.

The output, presigned_vectors.json (next to this script), is committed and
read by Rust tests that check crates/s3-presign signs exactly like botocore.

Setup (once):

    python3 -m venv /tmp/botocore-venv
    /tmp/botocore-venv/bin/pip install -r tests/botocore/requirements.txt

Regenerate (from the repository root):

    /tmp/botocore-venv/bin/python tests/botocore/gen_presigned.py

This writes tests/botocore/presigned_vectors.json itself; `--stdout` prints
the JSON instead. Signing is local: no network is used (sockets are disabled
below to make sure), the signing clock is fixed per case, and AWS config
files and AWS_* variables are ignored, so the output depends only on the
botocore version. The script refuses to run with a botocore other than the one
pinned in requirements.txt.
"""

import datetime
import json
import os
import re
import socket
import sys
import unicodedata
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

HERE = Path(__file__).resolve().parent
OUT = HERE / "presigned_vectors.json"

# A user's ~/.aws/config or AWS_ENDPOINT_URL etc. would change the URLs.
for var in [v for v in os.environ if v.startswith("AWS_")]:
    del os.environ[var]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull

import botocore  # noqa: E402
import botocore.auth  # noqa: E402
import botocore.handlers  # noqa: E402
import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402


def _no_network(*args, **kwargs):
    raise RuntimeError("gen_presigned.py must not touch the network")


socket.getaddrinfo = _no_network
socket.socket.connect = _no_network

# botocore.auth imported get_current_datetime by name, so patch it there.
# Naive UTC datetime, like the real one with remove_tzinfo=True.
_now = None
botocore.auth.get_current_datetime = lambda remove_tzinfo=True: _now

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
# Shaped like a real STS token: base64 with '/', '+' and '='.
STS_TOKEN = (
    "IQoJb3JpZ2luX2VjEH8aCXVzLWVhc3QtMSJHMEUCIQD/x+9Rk2aVYw/EXAMPLE+"
    "TOKEN/ab12+cd34/QZ==")

DEFAULTS = dict(
    endpoint="http://127.0.0.1:9000", bucket="logs", region="us-east-1",
    addressing_style="path", access_key=AKID, secret_key=SECRET,
    session_token=None, time="2013-05-24T00:00:00Z", expires=3600)

# Order of the "list" object in the JSON, and each field's botocore param
# and wire (query) name.
LIST_FIELDS = [
    ("prefix", "Prefix", "prefix"),
    ("delimiter", "Delimiter", "delimiter"),
    ("max_keys", "MaxKeys", "max-keys"),
    ("continuation_token", "ContinuationToken", "continuation-token"),
    ("start_after", "StartAfter", "start-after"),
    ("encoding_type", "EncodingType", "encoding-type"),
]

HTTPS_8443 = "https://objectstorageapi.example.com:8443"


def get(name, key, **kw):
    return dict(name=name, operation="get_object", key=key, **kw)


# Order of the "put" object in the JSON, and each field's botocore param and
# the header it becomes (signed, so X-Amz-SignedHeaders names it).
PUT_FIELDS = [
    ("content_type", "ContentType", "content-type"),
    ("cache_control", "CacheControl", "cache-control"),
    ("content_encoding", "ContentEncoding", "content-encoding"),
]


def put(name, key, **kw):
    params = {f: kw.pop(f) for f, _, _ in PUT_FIELDS if f in kw}
    return dict(name=name, operation="put_object", key=key, put=params, **kw)


def lst(name, **kw):
    params = {f: kw.pop(f) for f, _, _ in LIST_FIELDS if f in kw}
    return dict(name=name, operation="list_objects_v2", list=params, **kw)


CASES = [
    # Keys: one awkward thing per case, then combinations.
    get("get-simple", "openai_logs/1/log.txt"),
    get("get-key-with-space", "openai_logs/1/a b.txt"),
    get("get-chinese", "openai_logs/图纸 12/会话.json_0b9cd106.txt"),
    get("get-plus", "a+b.txt"),
    get("get-equals", "a=b.txt"),
    get("get-tilde", "~user/a~b.txt"),
    get("get-percent", "100%.txt"),
    get("get-percent-looks-encoded", "a%20b%2Fc.txt"),
    get("get-semicolon", "a;b.txt"),
    get("get-question-mark", "a?b.txt"),
    get("get-hash", "a#b.txt"),
    get("get-plus-equals-tilde-percent-semicolon-question-hash",
        "x +=~%;?#.txt"),
    get("get-ampersand", "a&b.txt"),
    get("get-apostrophe", "it's.txt"),
    get("get-asterisk", "a*b.txt"),
    get("get-exclamation", "a!b.txt"),
    get("get-parentheses", "a(1).txt"),
    get("get-dollar", "$a.txt"),
    get("get-at", "a@b.txt"),
    get("get-colon-comma", "a:b,c.txt"),
    get("get-all-sub-delims", "!$&'()*+,;=:@.txt"),
    get("get-emoji", "logs/🚀 launch/😀.txt"),
    get("get-tab", "a\tb.txt"),
    get("get-nfc", unicodedata.normalize("NFC", "café.txt")),
    get("get-nfd", unicodedata.normalize("NFD", "café.txt")),
    get("get-leading-slash", "/leading"),
    get("get-double-slash", "a//b"),
    get("get-trailing-slash", "dir/"),
    get("get-dot-segments", "a/./b/../c"),
    get("get-dotdot-first", "../up/./x"),
    # Endpoints, styles, ports, regions, tokens, expiry, clock.
    get("get-virtual-https", "openai_logs/1/a b.txt",
        endpoint="https://s3.example.com", addressing_style="virtual"),
    get("get-virtual-port-cn-north-1", "openai_logs/图纸 12/会话.json_0b9cd106.txt",
        endpoint=HTTPS_8443, addressing_style="virtual", region="cn-north-1",
        time="2025-12-31T23:59:59Z"),
    get("get-virtual-leading-slash", "/leading",
        endpoint="https://s3.example.com", addressing_style="virtual"),
    get("get-virtual-ip-endpoint", "openai_logs/1/a b.txt",
        addressing_style="virtual"),
    get("get-path-https-no-port", "a+b c.txt", endpoint="https://s3.example.com"),
    get("get-path-https-port-8443", "a+b c.txt", endpoint=HTTPS_8443,
        region="eu-west-2"),
    get("get-path-https-default-port-443", "a+b c.txt",
        endpoint="https://s3.example.com:443"),
    get("get-virtual-https-default-port-443", "a+b c.txt",
        endpoint="https://s3.example.com:443", addressing_style="virtual"),
    get("get-path-http-default-port-80", "a+b c.txt",
        endpoint="http://minio.example.com:80"),
    get("get-virtual-http-default-port-80", "a+b c.txt",
        endpoint="http://minio.example.com:80", addressing_style="virtual"),
    get("get-session-token", "openai_logs/1/a b.txt", session_token=STS_TOKEN),
    get("get-session-token-virtual-eu-west-2", "x +=~%;?#.txt",
        session_token=STS_TOKEN, endpoint=HTTPS_8443,
        addressing_style="virtual", region="eu-west-2",
        time="2024-02-29T12:34:56Z"),
    get("get-expires-1", "a.txt", expires=1, time="2024-02-29T23:59:59Z"),
    get("get-expires-604800", "a.txt", expires=604800,
        time="2026-01-01T00:00:00Z"),
    get("get-minio-credentials", "a b.txt", access_key="minioadmin",
        secret_key="minioadmin"),

    lst("list-no-params"),
    lst("list-prefix-delimiter", prefix="openai_logs/", delimiter="/"),
    lst("list-prefix-no-delimiter", prefix="openai_logs/"),
    lst("list-empty-prefix", prefix=""),
    lst("list-prefix-space", prefix="openai_logs/a b/", delimiter="/"),
    lst("list-prefix-chinese", prefix="openai_logs/图纸 12/", delimiter="/"),
    lst("list-prefix-emoji", prefix="logs/🚀 launch/", delimiter="/"),
    lst("list-prefix-plus-equals", prefix="a+b=c/", delimiter="/"),
    lst("list-prefix-ampersand", prefix="a&b/", delimiter="/"),
    lst("list-prefix-percent", prefix="100%/a%20b/"),
    lst("list-prefix-tilde", prefix="~user/"),
    lst("list-prefix-plus-equals-tilde-percent-semicolon-question-hash",
        prefix="x +=~%;?#&/", delimiter="/"),
    lst("list-delimiter-plus", prefix="a", delimiter="+"),
    lst("list-max-keys-1000", prefix="openai_logs/", delimiter="/",
        max_keys=1000),
    lst("list-max-keys-1", max_keys=1),
    lst("list-start-after", prefix="openai_logs/",
        start_after="openai_logs/图纸 12/会话 a+b=c&d%.txt"),
    lst("list-continuation-token", prefix="openai_logs/", delimiter="/",
        continuation_token="1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="),
    lst("list-continuation-token-awkward",
        continuation_token="tok en&x=%2F/图+="),
    lst("list-encoding-type-url", prefix="openai_logs/", delimiter="/",
        encoding_type="url"),
    lst("list-all-params", prefix="openai_logs/图纸 12/", delimiter="/",
        max_keys=50, continuation_token="a/b+c==", start_after="a b&c",
        encoding_type="url"),
    lst("list-virtual-no-params", endpoint="https://s3.example.com",
        addressing_style="virtual"),
    lst("list-virtual-https", prefix="openai_logs/a b/", delimiter="/",
        endpoint="https://s3.example.com", addressing_style="virtual"),
    lst("list-virtual-port-cn-north-1", prefix="openai_logs/图纸 12/",
        delimiter="/", endpoint=HTTPS_8443, addressing_style="virtual",
        region="cn-north-1", time="2025-12-31T23:59:59Z"),
    lst("list-virtual-ip-endpoint", prefix="openai_logs/", delimiter="/",
        addressing_style="virtual"),
    lst("list-path-https-default-port-443", prefix="p/",
        endpoint="https://s3.example.com:443"),
    lst("list-virtual-https-default-port-443", prefix="p/",
        endpoint="https://s3.example.com:443", addressing_style="virtual"),
    lst("list-path-http-default-port-80", prefix="p/",
        endpoint="http://minio.example.com:80"),
    lst("list-virtual-http-default-port-80", prefix="p/",
        endpoint="http://minio.example.com:80", addressing_style="virtual"),
    lst("list-path-https-port-8443-eu-west-2", prefix="p/", endpoint=HTTPS_8443,
        region="eu-west-2"),
    lst("list-session-token", prefix="openai_logs/", delimiter="/",
        session_token=STS_TOKEN),
    lst("list-session-token-virtual", prefix="a+b=c/", session_token=STS_TOKEN,
        endpoint="https://s3.example.com", addressing_style="virtual",
        time="2024-02-29T12:34:56Z"),
    lst("list-expires-1", prefix="p/", expires=1, time="2024-02-29T23:59:59Z"),
    lst("list-expires-604800", prefix="p/", expires=604800,
        region="eu-west-2", time="2026-01-01T00:00:00Z"),

    # PutObject as `logscope publish` sends it: Content-Type, Cache-Control and
    # Content-Encoding are signed headers, the body is unsigned.
    put("put-no-headers", "site/a.txt"),
    put("put-index-html", "logscope/index.html",
        content_type="text/html; charset=utf-8", cache_control="no-cache"),
    put("put-hashed-wasm", "logscope/dashboard-2d64cdb109056b31_bg.wasm",
        content_type="application/wasm",
        cache_control="public, max-age=31536000, immutable"),
    put("put-content-type-only", "styles-1b94fce9490d416b.css",
        content_type="text/css"),
    put("put-cache-control-only", "config.json", cache_control="no-cache"),
    put("put-header-whitespace", "a.js",
        content_type="  text/javascript ",
        cache_control="public,   max-age=31536000,\timmutable"),
    put("put-key-space-chinese-plus", "站点/a b+c.json",
        content_type="application/json", cache_control="no-cache"),
    put("put-session-token", "logscope/index.html",
        content_type="text/html; charset=utf-8", cache_control="no-cache",
        session_token=STS_TOKEN),
    put("put-virtual-port-cn-north-1", "logscope/app-0123456789abcdef.js",
        content_type="text/javascript",
        cache_control="public, max-age=31536000, immutable",
        endpoint=HTTPS_8443, addressing_style="virtual", region="cn-north-1",
        time="2025-12-31T23:59:59Z"),
    put("put-path-https-default-port-443", "index.html",
        content_type="text/html; charset=utf-8", cache_control="no-cache",
        endpoint="https://objectstorageapi.example.com:443"),
    put("put-gzip-wasm", "logscope/dashboard-2d64cdb109056b31_bg.wasm",
        content_type="application/wasm",
        cache_control="public, max-age=31536000, immutable",
        content_encoding="gzip"),
    put("put-br-index-html", "logscope/index.html",
        content_type="text/html; charset=utf-8", cache_control="no-cache",
        content_encoding="br", endpoint="https://objectstorageapi.example.com"),
    put("put-encoding-only", "a.js", content_encoding=" gzip "),
    put("put-expires-604800", "a.png", content_type="image/png",
        cache_control="no-cache", expires=604800,
        time="2026-01-01T00:00:00Z"),
]


def pinned_version():
    text = (HERE / "requirements.txt").read_text()
    return re.search(r"^botocore==(\S+)", text, re.M).group(1)


def client(case):
    # Clients are cheap enough; one per case keeps cases independent.
    c = botocore.session.get_session().create_client(
        "s3",
        region_name=case["region"],
        endpoint_url=case["endpoint"],
        aws_access_key_id=case["access_key"],
        aws_secret_access_key=case["secret_key"],
        aws_session_token=case["session_token"],
        config=Config(signature_version="s3v4",
                      s3={"addressing_style": case["addressing_style"]}),
    )
    # botocore would add EncodingType=url to every ListObjectsV2; our crate
    # sends only what the caller set, so cases set it explicitly instead.
    c.meta.events.unregister(
        "before-parameter-build.s3.ListObjectsV2",
        botocore.handlers.set_list_objects_encoding_type_url)
    return c


def presign(case):
    global _now
    _now = datetime.datetime.strptime(case["time"], "%Y-%m-%dT%H:%M:%SZ")
    params = {"Bucket": case["bucket"]}
    expected = {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
                "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature"}
    if case["session_token"] is not None:
        expected.add("X-Amz-Security-Token")
    signed = {"host"}
    if case["operation"] == "get_object":
        params["Key"] = case["key"]
    elif case["operation"] == "put_object":
        params["Key"] = case["key"]
        for field, param, header in PUT_FIELDS:
            if field in case["put"]:
                params[param] = case["put"][field]
                signed.add(header)
    else:
        expected.add("list-type")
        for field, param, wire in LIST_FIELDS:
            if field in case["list"]:
                params[param] = case["list"][field]
                expected.add(wire)
    url = client(case).generate_presigned_url(
        case["operation"], Params=params, ExpiresIn=case["expires"],
        HttpMethod="PUT" if case["operation"] == "put_object" else "GET")

    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    # A failure here means the clock patch no longer works for this botocore.
    assert query["X-Amz-Date"] == _now.strftime("%Y%m%dT%H%M%SZ"), url
    assert query["X-Amz-Expires"] == str(case["expires"]), url
    assert query["X-Amz-SignedHeaders"] == ";".join(sorted(signed)), url
    missing = expected - query.keys()
    assert not missing, (case["name"], missing, url)
    return url, sorted(query.keys() - expected)


def main():
    if botocore.__version__ != pinned_version():
        sys.exit(f"botocore {botocore.__version__} installed, "
                 f"requirements.txt pins {pinned_version()}")
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"

    out = []
    for spec in sorted(CASES, key=lambda c: c["name"]):
        case = {**DEFAULTS, **spec}
        url, extra = presign(case)
        # Field order is the documented JSON shape.
        rec = {k: case[k] for k in
               ["name", "operation", "endpoint", "bucket", "region",
                "addressing_style", "access_key", "secret_key",
                "session_token", "time", "expires"]}
        if case["operation"] == "get_object":
            rec["key"] = case["key"]
        elif case["operation"] == "put_object":
            rec["key"] = case["key"]
            rec["put"] = {f: case["put"][f] for f, _, _ in PUT_FIELDS
                          if f in case["put"]}
        else:
            rec["list"] = {f: case["list"][f] for f, _, _ in LIST_FIELDS
                           if f in case["list"]}
        rec["url"] = url
        if extra:
            rec["botocore_extra_params"] = extra
        out.append(rec)

    doc = {"generator": f"botocore {botocore.__version__}", "cases": out}
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if "--stdout" in sys.argv[1:]:
        sys.stdout.write(text)
    else:
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {len(out)} cases to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
