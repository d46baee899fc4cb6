"""Each source's own proof that a body came from it, checked on the raw bytes before anything is read.

- Shopify: ``X-Shopify-Hmac-Sha256`` is the base64 HMAC-SHA256 of the raw body under the app's client
  secret.
- Salla: with the ``Signature`` security strategy (Salla's default, ``X-Salla-Security-Strategy``),
  ``X-Salla-Signature`` is the hex HMAC-SHA256 of the raw body under the app's webhook secret; with the
  ``Token`` strategy, ``Authorization: Bearer <token>`` carries the secret token itself.
- Zid: Zid signs nothing; the webhook's target URL, which only Zid is given, carries the workspace's
  secret token (``?token=``).
- Postback: ``X-Mizaan-Timestamp`` (Unix seconds) and ``X-Mizaan-Signature: v1=<hex HMAC-SHA256 of
  "<timestamp>." + raw body>`` under the workspace's postback secret; a timestamp more than
  ``REPLAY_WINDOW_S`` away from the server's clock is refused, so a captured request cannot be replayed
  later (within the window, the event ID makes a replay change nothing).

Every comparison takes constant time. A failure raises ``SignatureError``; nothing is stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping

from mizaan.track.orders.events import SignatureError

REPLAY_WINDOW_S = 300
TIMESTAMP_HEADER = "x-mizaan-timestamp"
SIGNATURE_HEADER = "x-mizaan-signature"
MAX_SIGNATURE = 256


def _mac(secret: str, data: bytes) -> bytes:
    return hmac.new(secret.encode("utf-8"), data, hashlib.sha256).digest()


def _same(given: str | None, expected: str, source: str) -> None:
    if not given:
        raise SignatureError(source, "missing")
    if len(given) > MAX_SIGNATURE or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise SignatureError(source, "wrong")


def shopify_signature(secret: str, body: bytes) -> str:
    return base64.b64encode(_mac(secret, body)).decode("ascii")


def salla_signature(secret: str, body: bytes) -> str:
    return _mac(secret, body).hex()


def postback_signature(secret: str, body: bytes, timestamp: int | str) -> str:
    return "v1=" + _mac(secret, f"{timestamp}.".encode("ascii") + body).hex()


def verify(
    source: str,
    secret: str | None,
    body: bytes,
    headers: Mapping[str, str],
    query: Mapping[str, str],
    now: float | None = None,
) -> None:
    """Raise ``SignatureError`` unless ``body`` carries ``source``'s proof under ``secret`` (``headers``
    with lower-case names)."""
    if not secret:
        raise SignatureError(source, "no_secret")
    if source == "shopify":
        _same(headers.get("x-shopify-hmac-sha256"), shopify_signature(secret, body), source)
    elif source == "salla":
        strategy = headers.get("x-salla-security-strategy", "signature").strip().lower()
        if strategy == "token":
            auth = headers.get("authorization", "")
            _same(auth[7:] if auth.lower().startswith("bearer ") else None, secret, source)
        else:
            _same(headers.get("x-salla-signature"), salla_signature(secret, body), source)
    elif source == "zid":
        _same(query.get("token"), secret, source)
    elif source == "postback":
        stamp = headers.get(TIMESTAMP_HEADER, "").strip()
        if not stamp.isascii() or not stamp.isdigit() or len(stamp) > 12:
            raise SignatureError(source, "no_timestamp")
        if abs((time.time() if now is None else now) - int(stamp)) > REPLAY_WINDOW_S:
            raise SignatureError(source, "stale")
        _same(headers.get(SIGNATURE_HEADER), postback_signature(secret, body, stamp), source)
    else:
        raise SignatureError(source, "unknown_source")
