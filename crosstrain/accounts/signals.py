"""A new password ends the account's API tokens, however it was set: the settings page, a reset link, the admin's
password form or `manage.py changepassword`. One place for the rule: every one of them calls `set_password` and
saves the user."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from crosstrain.accounts.models import User
from crosstrain.accounts.services import api_tokens_revoke_all


@receiver(post_save, sender=User, dispatch_uid="crosstrain-revoke-tokens-on-new-password")
def revoke_tokens_on_new_password(sender: type[User], instance: User, created: bool, **kwargs: Any) -> None:
    # Django keeps the raw password a save sets (`set_password`) until that save is done, to tell its password
    # validators; a save without a new password has none.
    if created or getattr(instance, "_password", None) is None:
        return
    # The count, for the page that changed the password to say so.
    instance.api_tokens_revoked = api_tokens_revoke_all(user=instance)  # type: ignore[attr-defined]
