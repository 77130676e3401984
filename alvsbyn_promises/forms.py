"""The sign-in forms: Django's, with the user name's length checked before anyone is asked."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class UserNameLengthChecked:
    """Refuses a user name longer than any user's (150 characters) as the form's error.

    Django's sign-in form sets the field's ``max_length`` after building the field, so no
    validator checks it: a long name went on to a failed sign-in, which django-axes records in
    a 255-character column (PostgreSQL refuses a longer value: a 500 on the sign-in page).
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class SignInForm(UserNameLengthChecked, AuthenticationForm):
    pass


class AdminSignInForm(UserNameLengthChecked, AdminAuthenticationForm):
    pass
