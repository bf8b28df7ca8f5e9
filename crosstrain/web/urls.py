from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from crosstrain.web.views import accounts, coach, runner

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
    path("admin/", admin.site.urls),
]
