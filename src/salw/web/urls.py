from django.contrib.auth import views as auth_views
from django.urls import include, path

from salw.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("weapons/<uuid:weapon_id>/", views.weapon_detail, name="weapon_detail"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("tracing/", include("salw.web.tracing_views")),
    path("", include("salw.api.urls")),
]
