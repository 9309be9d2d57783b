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


# What the worker runs every RECOVERY_INTERVAL seconds besides taking back emails: each app
# registers the work that must not wait for a user (e.g. rescanning deposits).
_SWEEPS = []


def register_sweep(sweep):
    if sweep not in _SWEEPS:
        _SWEEPS.append(sweep)
    return sweep


def registered_sweeps():
    return list(_SWEEPS)


# What the worker runs once per period across all the workers (scheduled publishing every
# minute, the payments' reconciliation every hour...): each app registers its own.
_PERIODIC = {}


@dataclass(frozen=True)
class Periodic:
    name: str
    every: int  # seconds
    run: Callable


def register_periodic(name, every):
    def register(function):
        _PERIODIC[name] = Periodic(name=name, every=every, run=function)
        return function

    return register


def registered_periodic():
    return list(_PERIODIC.values())
