"""The kinds of notification, registered by the apps that send them (in their `AppConfig.ready()`).

A kind says what happened and who must act; it carries the fixed SMS wording, which never holds the free text
of the event (a resident's words, a name, an address): an SMS says only that something waits and where to look.
`default_channels` are the channels a recipient gets before choosing (the in-app inbox is always on)."""

from __future__ import annotations

from dataclasses import dataclass

_kinds: dict[str, Kind] = {}


@dataclass(frozen=True)
class Kind:
    key: str
    label: object  # a lazy string
    description: object
    sms_text: object
    default_channels: frozenset[str]
    order: int
    roles: frozenset[str] | None  # who can receive it (None: anybody); the settings page shows only these

    def concerns(self, role_set: set[str]) -> bool:
        return self.roles is None or bool(self.roles & role_set) or "system_admin" in role_set


def register_kind(key: str, label, *, description, sms_text, roles=None, default_channels=(), order: int = 100) -> None:
    _kinds[key] = Kind(key, label, description, sms_text, frozenset(default_channels), order,
                       frozenset(roles) if roles is not None else None)


def kind(key: str) -> Kind:
    return _kinds[key]


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))
