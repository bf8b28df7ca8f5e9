from django.contrib import admin

from crosstrain.training.models import SessionLog, SetLog


class SetLogInline(admin.TabularInline[SetLog, SessionLog]):
    model = SetLog
    extra = 0
    fields = ("exercise", "set_number", "reps", "seconds", "load_kg", "rir", "pain", "note")
    raw_id_fields = ("exercise",)


@admin.register(SessionLog)
class SessionLogAdmin(admin.ModelAdmin[SessionLog]):
    list_display = ("runner", "session", "started_at", "finished_at", "pain_flag", "flag_resolved_at")
    list_filter = ("pain_flag", "runner__coach")
    search_fields = ("runner__name",)
    inlines = [SetLogInline]
