"""The system page: backups and restore drills, for the network's administrator."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thuvien import conf
from thuvien.network.permissions import Action, require
from thuvien.operations import status
from thuvien.staff.toolkit import staff_page


@staff_page
def system(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.OPERATE)
    key = conf.get_path("BACKUP_KEY_FILE")
    folder = conf.get_path("BACKUP_DIR")
    return render(
        request,
        "staff/system.html",
        {
            "status": status.current(),
            "history": status.history(),
            "key_set": str(key) not in ("", "."),
            "folder": folder if str(folder) not in ("", ".") else "",
            "keep": conf.get_str("BACKUP_KEEP"),
            "data_dir": settings.DATA_DIR,
        },
    )
