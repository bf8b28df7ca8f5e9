from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from crosstrain.accounts.models import Runner, User
from crosstrain.privacy.erasure import account_erase, runner_erase
from crosstrain.privacy.models import ErasureRecord
from crosstrain.screening.models import Screen


@admin.register(User)
class CrosstrainUserAdmin(UserAdmin[User]):
    fieldsets = (*UserAdmin.fieldsets, ("Role", {"fields": ("role",)}))  # type: ignore[misc]
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Role", {"fields": ("role",)}))
    list_display = ("username", "first_name", "last_name", "email", "role", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_active")

    # Deleting a runner's account erases the runner too (name, email, screens, logs): the privacy service's
    # erasure, not a bare delete that would leave the runner record behind (Runner.user is SET_NULL).
    def delete_model(self, request: HttpRequest, obj: User) -> None:
        account_erase(user=obj, reason=ErasureRecord.Reason.ADMIN)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            account_erase(user=user, reason=ErasureRecord.Reason.ADMIN)


class ScreenInline(admin.TabularInline[Screen, Runner]):
    model = Screen
    extra = 0
    fields = ("recorded_on", "total", "refer", "weak_link", "recorded_by")
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Runner)
class RunnerAdmin(admin.ModelAdmin[Runner]):
    list_display = (
        "name",
        "coach",
        "experience",
        "lifting_experience",
        "age",
        "setting",
        "session_minutes",
        "start",
        "user",
    )
    list_select_related = ("coach", "user")  # the list shows both: one query, not one per row
    list_filter = ("coach", "experience", "lifting_experience", "setting")
    search_fields = ("name", "email", "coach__username", "coach__first_name")
    autocomplete_fields = ("coach", "user")
    inlines = [ScreenInline]

    # Deleting a runner erases them in one transaction: programs, logs, screens, bookings, their sign-in account;
    # their cohort registrations stay for the books, anonymised (crosstrain.privacy.erasure).
    def delete_model(self, request: HttpRequest, obj: Runner) -> None:
        runner_erase(runner=obj, reason=ErasureRecord.Reason.ADMIN)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Runner]) -> None:
        for runner in queryset:
            runner_erase(runner=runner, reason=ErasureRecord.Reason.ADMIN)
