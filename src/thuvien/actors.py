"""Who did it: the one Actor type of thuvien and the one label the audit log shows for it.

A change is made by a signed-in person (a user), by nobody signed in (a reader on the portal
before login), or by a program that names itself with a string: ``cli:<os user>`` for a
command, ``sip2:<terminal>``, ``system`` for a scheduled task. Every service takes an ``Actor``
and hands it on; only :func:`label` and :func:`user_of` look inside.
"""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    Actor: TypeAlias = AbstractBaseUser | AnonymousUser | str | None

SYSTEM = "system"
ANONYMOUS = "anonymous"


def label(actor: Actor) -> str:
    """The name the audit log and the history tables show for ``actor``."""
    if isinstance(actor, str) or actor is None:
        return actor or SYSTEM
    if actor.is_authenticated:
        return str(actor.get_username())
    return ANONYMOUS


def user_of(actor: Actor) -> AbstractBaseUser | None:
    """The signed-in user behind ``actor``, or None for programs and anonymous visitors."""
    if isinstance(actor, str) or actor is None or not actor.is_authenticated:
        return None
    return actor


def cli_operator() -> str:
    """The actor of a command run from a shell: ``cli:<os user>``."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # a container user with no name
        return f"cli:uid-{os.getuid()}"
