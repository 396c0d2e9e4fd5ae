"""One engine for every lifecycle: loans, holds, requests, theses. A :class:`~.machine.Machine`
declares the legal moves; :func:`~.services.move` makes one, keeps its history row and, where
the machine asks for it, its audit entry."""
