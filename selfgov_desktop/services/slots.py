"""Key slots of the accounts of a sealed store (store/keys.py), kept in step with
staff_users: creating or resetting an account makes its slot, a password change rewraps it,
disabling removes it. A plain store (tests, before sealing) has no slots: these do nothing."""

from __future__ import annotations

from ..store.db import Store
from ..store.keys import KeyRing


def ring(store: Store) -> KeyRing | None:
    return KeyRing.load(store.keys_path) if store.key is not None else None


def set_slot(store: Store, login: str, password: str) -> None:
    r = ring(store)
    if r is not None and store.key is not None:
        r.set_slot(login, password, store.key)
        slot = r.slots[login]
        slot.failures, slot.locked_until = 0, None
        r.save()


def remove_slot(store: Store, login: str) -> None:
    r = ring(store)
    if r is not None and r.remove_slot(login):
        r.save()


def has_slot(store: Store, login: str) -> bool | None:
    """Whether `login` can open the sealed store; None for a plain store."""
    r = ring(store)
    return None if r is None else login in r.slots
