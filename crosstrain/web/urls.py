from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from crosstrain.web.views import accounts, coach, cohorts, runner

urlpatterns = [
    path("", accounts.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("invite/<str:token>/", accounts.invite, name="invite-accept"),
    path("coach/", coach.dashboard, name="coach-dashboard"),
    path("coach/runners/new/", coach.runner_new, name="coach-runner-new"),
    path("coach/runners/<int:runner_id>/", coach.runner_detail, name="coach-runner"),
    path("coach/runners/<int:runner_id>/invite/", coach.runner_invite_view, name="coach-runner-invite"),
    path("coach/runners/<int:runner_id>/screens/new/", coach.screen_new, name="coach-screen-new"),
    path("coach/runners/<int:runner_id>/screens/preview/", coach.screen_preview, name="coach-screen-preview"),
    path("coach/runners/<int:runner_id>/programs/new/", coach.program_generate_view, name="coach-program-new"),
    path("coach/programs/<int:program_id>/", coach.program_detail, name="coach-program"),
    path("coach/programs/<int:program_id>/publish/", coach.program_publish_view, name="coach-program-publish"),
    path("coach/exercises/<int:exercise_id>/swap/", coach.exercise_swap_view, name="coach-exercise-swap"),
    path("coach/flags/<int:log_id>/resolve/", coach.flag_resolve_view, name="coach-flag-resolve"),
    path("me/", runner.home, name="runner-home"),
    path("me/sessions/<int:session_id>/", runner.session_detail, name="runner-session"),
    path("me/sessions/<int:session_id>/sets/", runner.set_log, name="runner-set-log"),
    path("me/sessions/<int:session_id>/finish/", runner.finish, name="runner-session-finish"),
    path("me/history/", runner.history, name="runner-history"),
    path("cohorts/<slug:slug>/", cohorts.cohort_public, name="cohort-public"),
    path("cohorts/<slug:slug>/registered/", cohorts.cohort_registered, name="cohort-registered"),
    path("coach/cohorts/", cohorts.cohorts, name="coach-cohorts"),
    path("coach/cohorts/<int:cohort_id>/", cohorts.cohort_detail, name="coach-cohort"),
    path("coach/cohorts/<int:cohort_id>/optimize/", cohorts.cohort_optimize, name="coach-cohort-optimize"),
    path("coach/cohorts/<int:cohort_id>/publish/", cohorts.cohort_publish, name="coach-cohort-publish"),
    path(
        "coach/registrations/<int:registration_id>/<str:action>/",
        cohorts.registration_action,
        name="coach-registration-action",
    ),
    path("coach/nutrition/<int:class_id>/attendance/", cohorts.attendance, name="coach-attendance"),
    path("coach/feed/revoke/", cohorts.coach_feed_revoke, name="coach-feed-revoke"),
    path("me/plan/", runner.plan, name="runner-plan"),
    path("me/bookings/<int:booking_id>/move/", runner.booking_move_view, name="runner-booking-move"),
    path("me/training-days/", runner.training_days_view, name="runner-training-days"),
    path("me/running-plan/", runner.running_plan_view, name="runner-running-plan"),
    path("me/nutrition/", runner.nutrition_view, name="runner-nutrition"),
    path("me/feed/revoke/", runner.feed_revoke_view, name="runner-feed-revoke"),
    path("feeds/<str:token>.ics", runner.calendar_feed, name="calendar-feed"),
    path("admin/", admin.site.urls),
]
