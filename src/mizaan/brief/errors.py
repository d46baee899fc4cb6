"""Errors of brief intake: a brief that cannot be read, and a brief that leaves a required field open."""

from __future__ import annotations

from mizaan.errors import InputError


class BriefInputError(InputError):
    """Raised when a brief is empty, is not text (a binary file), or is far too long."""

    key = "brief.error.input"


class BriefIncompleteError(InputError):
    """Raised by ``BriefResult.to_profile`` when a field with no safe default (the budget, the country,
    the kind of business) is still open; each problem names the field and the question to answer."""

    key = "brief.error.incomplete"
