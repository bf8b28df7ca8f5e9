"""How often a signed-in session may type the account's password to confirm something: changing the password,
deleting the account. Sign-in has its own lockout (django-axes); these pages check the password themselves, so
without a limit a stolen session could guess the password at full speed.

Every check counts, right or wrong (a limit that let a right guess through after the wrong ones would still say
which guess was right), per account, whatever page or network it comes from.
"""

from __future__ import annotations

from crosstrain.accounts.models import User
from crosstrain.limits import attempt

PASSWORD_CHECKS = 5
PASSWORD_CHECK_WINDOW_SECONDS = 15 * 60


class TooManyPasswordChecks(Exception):
    def __init__(self, retry_after: int) -> None:
        minutes = max(1, round(retry_after / 60))
        super().__init__(
            f"Too many password attempts on this account: wait about {minutes} minutes and try again. "
            "If you forgot your password, sign out and use “Forgot your password?” on the sign-in page."
        )
        self.retry_after = retry_after


def password_check_attempt(*, user: User) -> None:
    """Count one password check by `user`'s session; TooManyPasswordChecks once the account had its checks."""
    verdict = attempt(
        scope="password-check", key=str(user.pk), allowed=PASSWORD_CHECKS, window=PASSWORD_CHECK_WINDOW_SECONDS
    )
    if not verdict.allowed:
        raise TooManyPasswordChecks(verdict.retry_after)
