"""The kinds of email the product sends, each registered by the app that owns it.

A kind names its templates (``<template>_subject.txt``, ``<template>.txt`` and
``<template>.html``) and a builder that turns an outbox row into the template context
*when the email is sent*: links holding tokens are made then, never stored, and a
builder returns None when there is nothing left to say (the email is cancelled).
"""

from collections.abc import Callable
from dataclasses import dataclass

_KINDS = {}


@dataclass(frozen=True)
class EmailKind:
    name: str
    template: str
    build: Callable


def email_kind(name, template):
    def register(build):
        _KINDS[name] = EmailKind(name=name, template=template, build=build)
        return build

    return register


def get_kind(name):
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No email kind {name!r} is registered.") from None


def registered_kinds():
    return sorted(_KINDS)


# What the worker runs every RECOVERY_INTERVAL seconds besides taking back emails: each app
# registers the work that must not wait for a user (e.g. rescanning deposits).
_SWEEPS = []


def register_sweep(sweep):
    if sweep not in _SWEEPS:
        _SWEEPS.append(sweep)
    return sweep


def registered_sweeps():
    return list(_SWEEPS)
