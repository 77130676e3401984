"""What the file commands share: reading a file and reporting a refused import."""

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
