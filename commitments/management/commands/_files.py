"""What the file commands share: reading a file, showing progress and reporting a refused
import."""

import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from commitments.models import Promise


def read_file(path):
    """The bytes of ``path``, or a one-line reason why not."""
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(
            _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}
        ) from None


def open_file(path):
    """``path`` opened to read bytes, or a one-line reason why not."""
    try:
        return Path(path).open("rb")
    except OSError as error:
        raise CommandError(
            _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}
        ) from None


class Progress:
    """A progress bar on one line of a terminal, redrawn in place; nothing at all when the
    output is not a terminal (a log, a pipe, cron), so that only the result is written there.
    """

    WIDTH = 30

    def __init__(self, out):
        self.out = out
        self.shown = out.isatty()
        self.length = 0

    def show(self, done, text):
        """Draw the bar ``done`` (0 to 1) full, followed by ``text``."""
        if not self.shown:
            return
        filled = round(max(0.0, min(done, 1.0)) * self.WIDTH)
        line = f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {done:4.0%} {text}"
        self.out.write("\r" + line.ljust(self.length), ending="")
        self.out.flush()
        self.length = len(line)

    def clear(self):
        """Take the bar away, so that what is written next starts on a clean line."""
        if self.shown and self.length:
            self.out.write("\r" + " " * self.length + "\r", ending="")
            self.out.flush()
            self.length = 0


def file_progress(progress, file):
    """A callback for an import that reads ``file``: the bar shows how far into the file it
    has read, and the line it has reached."""
    size = os.fstat(file.fileno()).st_size or 1

    def report(line):
        progress.show(file.tell() / size, _("line %(line)s") % {"line": line})

    return report


def get_promise(slug):
    promise = Promise.objects.with_slug(slug).first()
    if promise is None:
        raise CommandError(_("No promise %(slug)s.") % {"slug": slug})
    return promise


def get_user(username):
    """The user named ``username``; a name no user can have (a byte of the argument that is not
    UTF-8) is looked up no more than an unknown one."""
    user_model = get_user_model()
    try:
        user_model.username_validator(username)
        return user_model.objects.get(username=username)
    except (ValidationError, user_model.DoesNotExist):
        raise CommandError(_("No user %(username)s.") % {"username": username}) from None


def refuse(command, error, hint=""):
    """List every error of a refused file on stderr (then ``hint``, if any), then stop with a
    one-line reason."""
    for problem in error.errors:
        command.stderr.write(str(problem))
    if hint:
        command.stderr.write(hint)
    raise CommandError(
        _("The file has %(count)s error(s); nothing was imported.") % {"count": len(error.errors)}
    )
