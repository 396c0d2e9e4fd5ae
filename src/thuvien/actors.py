"""Who did it: the one Actor type of thuvien and the one label the audit log shows for it.

A change is made by a signed-in person (a user), by nobody signed in (a reader on the portal
before login), or by a program that names itself with a string: ``cli:<os user>`` for a
command, ``sip2:<terminal>``, ``system`` (or None) for a scheduled task. Every service takes
an ``Actor`` and hands it on; only :func:`label`, :func:`user_of` and :func:`is_program` look
inside. A program is the machine's operator, trusted: services check roles only for people.
"""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from typing_extensions import TypeIs

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


def is_program(actor: Actor) -> TypeIs[str | None]:
    """Whether a program acts (a command, a SIP2 terminal, a scheduled task), not a person."""
    return actor is None or isinstance(actor, str)


def cli_operator() -> str:
    """The actor of a command run from a shell: ``cli:<os user>``."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # a container user with no name
        return f"cli:uid-{os.getuid()}"


def reader(card: object) -> str:
    """The actor of a reader acting for themselves (portal, app): ``reader:<card>``, where
    ``card`` is the Patron (``CODE:number``) or its card string."""
    return f"reader:{card}"
