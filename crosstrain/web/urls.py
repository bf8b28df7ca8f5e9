import os

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path, register_converter

from crosstrain.api.api import api
from crosstrain.web.converters import IdConverter, TokenConverter
from crosstrain.web.views import (
    account_data,
    account_settings,
    accounts,
    activities,
    api_tokens,
    bench,
    change_requests,
    coach,
    cohorts,
    gym_settings,
    habits,
    messages,
    notifications,
    player,
    progress,
    pwa,
    reports,
    runner,
    training_review,
)

# Every id in a path is <id:...> and every link's token <token:...>: a value no row can have (past 2^63, a NUL
# byte, a look-alike digit) is a 404 before any query (crosstrain.web.converters).
register_converter(IdConverter, "id")
register_converter(TokenConverter, "token")

urlpatterns = [
    path("", accounts.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("invite/<token:token>/", accounts.invite, name="invite-accept"),
    path("password/reset/", accounts.password_reset, name="password_reset"),
    path("password/reset/sent/", accounts.password_reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", accounts.password_reset_confirm, name="password_reset_confirm"),
    path("password/reset/done/", accounts.password_reset_complete, name="password_reset_complete"),
    path("password/change/", accounts.password_change, name="password_change"),
    path("password/change/done/", accounts.password_change_done, name="password_change_done"),
    path("admin/password_reset/", accounts.admin_password_reset, name="admin_password_reset"),
    path("coach/", coach.dashboard, name="coach-dashboard"),
    path("coach/runners/new/", coach.runner_new, name="coach-runner-new"),
    path("coach/runners/<id:runner_id>/", coach.runner_detail, name="coach-runner"),
    path("coach/runners/<id:runner_id>/edit/", coach.runner_edit, name="coach-runner-edit"),
    path("coach/runners/<id:runner_id>/invite/", coach.runner_invite_view, name="coach-runner-invite"),
    path(
        "coach/runners/<id:runner_id>/invite/email/", coach.runner_invite_email_view, name="coach-runner-invite-email"
    ),
    path("coach/runners/<id:runner_id>/export/", account_data.coach_runner_export, name="coach-runner-export"),
    path("coach/runners/<id:runner_id>/screens/new/", coach.screen_new, name="coach-screen-new"),
    path("coach/runners/<id:runner_id>/screens/preview/", coach.screen_preview, name="coach-screen-preview"),
    path("coach/runners/<id:runner_id>/programs/new/", coach.program_generate_view, name="coach-program-new"),
    path("coach/programs/<id:program_id>/", coach.program_detail, name="coach-program"),
    path("coach/programs/<id:program_id>/publish/", coach.program_publish_view, name="coach-program-publish"),
    path("coach/exercises/<id:exercise_id>/swap/", coach.exercise_swap_view, name="coach-exercise-swap"),
    path("coach/flags/<id:log_id>/resolve/", coach.flag_resolve_view, name="coach-flag-resolve"),
    # The coach's review of training (issue 23): the feed of every runner's closed sessions, one runner's, one session.
    path("coach/training/", training_review.training_feed, name="coach-training"),
    path("coach/runners/<id:runner_id>/training/", training_review.runner_training, name="coach-runner-training"),
    path("coach/sessions/<id:log_id>/", training_review.session_review_page, name="coach-session-review"),
    path("coach/sessions/<id:log_id>/reviewed/", training_review.session_review, name="coach-session-reviewed"),
    path("coach/sessions/<id:log_id>/comment/", training_review.session_comment, name="coach-session-comment"),
    # The installable app (issue 13): manifest and service worker at the root (the worker's scope is the site),
    # and the pages a runner's phone keeps for offline use.
    path("manifest.webmanifest", pwa.manifest, name="pwa-manifest"),
    path("sw.js", pwa.service_worker, name="pwa-service-worker"),
    path("favicon.ico", pwa.favicon, name="favicon"),
    path("me/offline/", pwa.offline_pages, name="runner-offline"),
    path("me/", runner.home, name="runner-home"),
    path("me/sessions/<id:session_id>/", runner.session_detail, name="runner-session"),
    path("me/sessions/<id:session_id>/sets/", runner.set_log, name="runner-set-log"),
    path("me/sessions/<id:session_id>/finish/", runner.finish, name="runner-session-finish"),
    path("me/sessions/<id:session_id>/skip/", runner.skip, name="runner-session-skip"),
    # The session player ("Start"): the same session one exercise at a time, with rest and hold timers.
    path("me/sessions/<id:session_id>/play/", player.session_play, name="runner-session-play"),
    path("me/history/", runner.history, name="runner-history"),
    # Progress: the runner's charts page; each chart is an SVG image for the runner and their coach.
    path("me/progress/", progress.runner_progress_page, name="runner-progress"),
    path("progress/<id:runner_id>/<slug:chart>.svg", progress.chart, name="progress-chart"),
    path("me/messages/", messages.runner_messages, name="runner-messages"),
    path("messages/<id:runner_id>/", messages.conversation, name="conversation"),
    path("messages/<id:runner_id>/send/", messages.send, name="conversation-send"),
    path("messages/<id:runner_id>/new/", messages.poll, name="conversation-poll"),
    path("me/habits/<id:habit_id>/tick/", habits.tick, name="runner-habit-tick"),
    path("me/activities/", activities.runner_activities, name="runner-activities"),
    path("me/sessions/<id:session_id>/check-in/", activities.check_in_view, name="runner-check-in"),
    path("coach/runners/<id:runner_id>/activities/", activities.coach_activities, name="coach-runner-activities"),
    path("coach/runners/<id:runner_id>/zones/", activities.coach_zones, name="coach-runner-zones"),
    path("coach/activities/<id:activity_id>/kind/", activities.coach_activity_kind, name="coach-activity-kind"),
    path("activities/<id:runner_id>/load.svg", activities.load_chart, name="activities-load-chart"),
    path("suggestions/<id:suggestion_id>/accept/", activities.suggestion_accept_view, name="suggestion-accept"),
    path("suggestions/<id:suggestion_id>/dismiss/", activities.suggestion_dismiss_view, name="suggestion-dismiss"),
    path("coach/habits/", habits.coach_habits, name="coach-habits"),
    path("coach/habits/<id:habit_id>/end/", habits.habit_end_view, name="coach-habit-end"),
    path("coach/nutrition/<id:class_id>/habits/", habits.attendance_habit, name="coach-attendance-habit"),
    path("cohorts/<slug:slug>/", cohorts.cohort_public, name="cohort-public"),
    path("cohorts/<slug:slug>/registered/", cohorts.cohort_registered, name="cohort-registered"),
    path("cohorts/<slug:slug>/confirm/<token:token>/", cohorts.cohort_confirm, name="cohort-confirm"),
    path("coach/cohorts/", cohorts.cohorts, name="coach-cohorts"),
    path("coach/cohorts/new/", cohorts.cohort_new, name="coach-cohort-new"),
    path("coach/cohorts/<id:cohort_id>/", cohorts.cohort_detail, name="coach-cohort"),
    path("coach/cohorts/<id:cohort_id>/edit/", cohorts.cohort_edit, name="coach-cohort-edit"),
    path("coach/cohorts/<id:cohort_id>/optimize/", cohorts.cohort_optimize, name="coach-cohort-optimize"),
    path(
        "coach/cohorts/<id:cohort_id>/timetable/confirm/",
        cohorts.cohort_timetable_confirm,
        name="coach-cohort-timetable-confirm",
    ),
    path("coach/cohorts/<id:cohort_id>/publish/", cohorts.cohort_publish, name="coach-cohort-publish"),
    path("coach/cohorts/<id:cohort_id>/hold/", cohorts.cohort_hold, name="coach-cohort-hold"),
    path(
        "coach/change-requests/<id:request_id>/approve/",
        change_requests.approve,
        name="coach-change-request-approve",
    ),
    path(
        "coach/change-requests/<id:request_id>/decline/",
        change_requests.decline,
        name="coach-change-request-decline",
    ),
    path(
        "coach/registrations/<id:registration_id>/<str:action>/",
        cohorts.registration_action,
        name="coach-registration-action",
    ),
    path("coach/nutrition/<id:class_id>/attendance/", cohorts.attendance, name="coach-attendance"),
    path("coach/feed/revoke/", cohorts.coach_feed_revoke, name="coach-feed-revoke"),
    path("me/plan/", runner.plan, name="runner-plan"),
    path("me/bookings/<id:booking_id>/move/", runner.booking_move_view, name="runner-booking-move"),
    path("me/training-days/", runner.training_days_view, name="runner-training-days"),
    path("me/running-plan/", runner.running_plan_view, name="runner-running-plan"),
    path("me/nutrition/", runner.nutrition_view, name="runner-nutrition"),
    path("me/feed/revoke/", runner.feed_revoke_view, name="runner-feed-revoke"),
    path("feeds/<token:token>.ics", runner.calendar_feed, name="calendar-feed"),
    path("settings/", account_settings.account_settings, name="account-settings"),
    path("settings/notifications/", notifications.notification_settings, name="account-notifications"),
    path("settings/units/", gym_settings.own_units_page, name="account-units"),
    path("gym/settings/", gym_settings.gym_settings, name="gym-settings"),
    path("unsubscribe/<token:token>/", notifications.unsubscribe_view, name="notifications-unsubscribe"),
    path("settings/tokens/", api_tokens.tokens, name="account-tokens"),
    path("settings/tokens/<id:token_id>/revoke/", api_tokens.token_revoke_view, name="account-token-revoke"),
    path("api/v1/", api.urls),
    path("settings/data/export/", account_data.data_export, name="account-data-export"),
    path("settings/data/delete/", account_data.data_delete, name="account-data-delete"),
    path("settings/data/delete/cancel/", account_data.data_delete_cancel, name="account-data-delete-cancel"),
    # Block results: the week-6 report (its runner and their coach), share links, cohort results, printable PDFs.
    path("coach/runners/<id:runner_id>/reports/new/", reports.report_new, name="coach-report-new"),
    path("reports/<id:report_id>/", reports.report, name="report"),
    path("reports/<id:report_id>/pdf/", reports.report_pdf_view, name="report-pdf"),
    path("reports/<id:report_id>/share/", reports.report_share_view, name="report-share"),
    path("reports/<id:report_id>/share/stop/", reports.report_unshare_view, name="report-unshare"),
    path("coach/reports/<id:report_id>/note/", reports.report_note, name="coach-report-note"),
    path("programs/<id:program_id>/pdf/", reports.program_pdf_view, name="program-pdf"),
    path("shared/reports/<token:token>/", reports.report_shared, name="report-shared"),
    path("coach/cohorts/<id:cohort_id>/results/", reports.cohort_results_view, name="coach-cohort-results"),
    path(
        "coach/cohorts/<id:cohort_id>/results/public/",
        reports.cohort_results_publish_view,
        name="coach-cohort-results-publish",
    ),
    path("cohorts/<slug:slug>/results/", reports.cohort_results_public, name="cohort-results"),
    path("admin/", admin.site.urls),
]

if os.environ.get("CROSSTRAIN_BENCH") == "1":
    # `make loadtest` only: the bare view every page is measured against (crosstrain.web.views.bench). Unnamed,
    # so the persona walk of named URLs (tests/web/test_permissions.py) leaves it out.
    urlpatterns.append(path("bench/bare/", bench.bare))

# The app's own 403, 404 and 500 pages, with its navigation (crosstrain.web.views.errors).
handler400 = "crosstrain.web.views.errors.bad_request"
handler403 = "crosstrain.web.views.errors.forbidden"
handler404 = "crosstrain.web.views.errors.not_found"
handler500 = "crosstrain.web.views.errors.server_error"
