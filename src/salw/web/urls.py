from django.contrib.auth import views as auth_views
from django.urls import include, path

from salw.web import audit_views, dashboard_views, import_views, registry_views, search_views

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("weapons/", registry_views.weapon_list, name="weapon_list"),
    path("weapons/new/", registry_views.weapon_register, name="weapon_register"),
    path("weapons/<uuid:weapon_id>/", registry_views.weapon_detail, name="weapon_detail"),
    path("weapons/<uuid:weapon_id>/events/new/", registry_views.event_record, name="event_record"),
    path("import/", import_views.import_upload, name="import_upload"),
    path("import/<str:upload_id>/", import_views.import_preview, name="import_preview"),
    path("import/<str:upload_id>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/<str:upload_id>/cancel/", import_views.import_cancel, name="import_cancel"),
    path("search/", search_views.marking_search, name="marking_search"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html", next_page="dashboard",
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tracing/", include("salw.web.tracing_views")),
    path("reports/", include("salw.web.report_views")),
    path("context/", include("salw.web.context_views")),
    path("licensing/", include("salw.web.licensing_views")),
    path("analytics/", include("salw.web.analytics_views")),
    path("", include("salw.api.urls")),
]
