"""The one error type whose message is meant for the user: `str(err)` is a German sentence.

Every domain error (bad data, impossible plan, unreadable file …) is a subclass; the supervisor's `act`
node is the only place that turns it into an answer. Any other exception is a bug: logged, never shown.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """A tool cannot run for a reason the user can act on."""

    code: str = "user_error"  # short English key for logs, tests and `--json`; never shown to the user


class RequestError(UserFacingError):
    """The request cannot be answered as asked (a date outside the forecast, a price of 0 € …)."""

    code = "request"


class DataError(UserFacingError):
    """A data file (e.g. the user's own sales CSV) cannot be used."""

    code = "data"


class MissingColumnsError(DataError):
    """A sales export lacks required columns (it may still be a plain series file the forecast can read)."""

    code = "missing_columns"


class PlanError(UserFacingError):
    """A production, oven or tour plan cannot be made."""

    code = "plan"


class InputError(UserFacingError):
    """An uploaded photo cannot be checked."""

    code = "input"


class DatasetError(UserFacingError):
    """A training folder does not look like a YOLO detection or classification dataset."""

    code = "dataset"


class UnsupportedFile(UserFacingError):
    """A document type the knowledge base cannot ingest."""

    code = "unsupported_file"


class DocumentError(UserFacingError):
    """A handbook document that is locked, too long or too big once unpacked (hostile test 26)."""

    code = "document"
