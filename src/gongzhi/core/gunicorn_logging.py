"""gunicorn's logger for `gongzhi serve`: its access and error logs pass through the same
MaskPersonalDataFilter as every Django log handler, so a phone number in a URL path
(/workbench/people/<phone>/, /open311/v2/tokens/<id>) never reaches a log in full.

With GONGZHI_LOG_FORMAT=json its lines are JSON objects too (core.logformat), like Django's.

Loaded by the gunicorn master before Django is set up, so it imports nothing from Django."""

from __future__ import annotations

import os

from gunicorn.glogging import Logger

from gongzhi.core.logformat import JsonFormatter
from gongzhi.core.privacy import MaskPersonalDataFilter


class MaskingLogger(Logger):
    """gunicorn.glogging.Logger whose handlers (set up again on every reopen) carry the masking filter."""

    def setup(self, cfg):
        super().setup(cfg)
        self._mask_handlers()

    def reopen_files(self):
        super().reopen_files()
        self._mask_handlers()

    def _mask_handlers(self) -> None:
        as_json = os.environ.get("GONGZHI_LOG_FORMAT", "").strip().lower() == "json"
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, MaskPersonalDataFilter) for f in handler.filters):
                    handler.addFilter(MaskPersonalDataFilter())
                if as_json:
                    handler.setFormatter(JsonFormatter())
