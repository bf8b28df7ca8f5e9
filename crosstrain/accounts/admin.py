from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from crosstrain.accounts.models import Runner, User
from crosstrain.screening.models import Screen


@admin.register(User)
class CrosstrainUserAdmin(UserAdmin[User]):
    fieldsets = (*UserAdmin.fieldsets, ("Role", {"fields": ("role",)}))  # type: ignore[misc]
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Role", {"fields": ("role",)}))
    list_display = ("username", "first_name", "last_name", "email", "role", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_active")


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
    list_filter = ("coach", "experience", "lifting_experience", "setting")
    search_fields = ("name", "email", "coach__username", "coach__first_name")
    autocomplete_fields = ("coach", "user")
    inlines = [ScreenInline]
