"""Senders for the outside channels other than e-mail (which goes through Django's mail backend).

Every backend has `send(*, channel, to, title, text, url)` and raises on failure (the delivery is retried). The
backend of a channel is chosen by `settings.GONGZHI_NOTIFY_BACKENDS[channel]` (a dotted path):

- `FileBackend` (the default): appends one JSON line per message to `var/outbox/<channel>.jsonl`, for development
  and for a newcomer's machine — nothing leaves the machine.
- `ConsoleBackend`: writes the message to the log (masked like every log line).
- `MemoryBackend`: keeps messages in `MemoryBackend.outbox`, for tests.

A production adapter for an SMS gateway (阿里云短信, 腾讯云短信) or for WeChat template messages (微信公众号模板消息)
is a class with the same `send`: it maps `title`/`text` onto the provider's approved template and raises on any
answer other than success. docs/notifications.md describes the contract; no adapter that calls the network ships
here, because none could be exercised on the machines that build Gongzhi."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger("gongzhi.notifications")
_lock = threading.Lock()


class FileBackend:
    def send(self, *, channel: str, to: str, title: str, text: str, url: str) -> None:
        folder = Path(settings.VAR_DIR) / "outbox"
        folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"at": timezone.now().isoformat(), "to": to, "title": title, "text": text, "url": url},
                          ensure_ascii=False)
        with _lock, open(folder / f"{channel}.jsonl", "a", encoding="utf-8") as f:
            f.write(line + "\n")


class ConsoleBackend:
    def send(self, *, channel: str, to: str, title: str, text: str, url: str) -> None:
        log.info("%s to %s: %s %s", channel, to, text, url)


class MemoryBackend:
    outbox: list[dict] = []

    def send(self, *, channel: str, to: str, title: str, text: str, url: str) -> None:
        MemoryBackend.outbox.append({"channel": channel, "to": to, "title": title, "text": text, "url": url})


def backend_for(channel: str):
    path = getattr(settings, "GONGZHI_NOTIFY_BACKENDS", {}).get(channel, "gongzhi.notifications.backends.FileBackend")
    return import_string(path)()
