"""The system page: backups and restore drills, for the network's administrator."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thuvien import conf
from thuvien.errors import ThuvienError
from thuvien.network.permissions import Action, require
from thuvien.operations import schedule, status
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
            "jobs": schedule.ensure_defaults(),
        },
    )


@staff_page
@require_POST
def job(request: HttpRequest, name: str) -> HttpResponse:
    """Change a periodic job's time, day or whether it runs; or have the worker run it now."""
    require(request.user, Action.OPERATE)
    try:
        if "run" in request.POST:
            schedule.run_soon(name)
            messages.success(
                request, f"{name}: tiến trình nền sẽ chạy việc này trong vòng một phút."
            )
        else:
            day = request.POST.get("day", "").strip()
            changed = schedule.change(
                name,
                at=request.POST.get("at", "").strip() or None,
                day=int(day) if day.isdigit() else None,
                enabled=request.POST.get("enabled") == "on",
            )
            messages.success(
                request, f"{name}: đã lưu; lần chạy tới {changed.next_run_at:%d/%m/%Y %H:%M}."
            )
    except ThuvienError as error:
        messages.error(request, error.message)
    return redirect("staff:system")
