from django.contrib.auth import views as auth_views
from django.urls import path

from openita.accounts import home, security_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("desk/dismiss/", home.dismiss, name="desk_dismiss"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password/reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("password/change/", views.password_change, name="password_change"),
    path("password/change/done/", views.password_change_done, name="password_change_done"),
    path("security/", security_views.security, name="security"),
    path("security/second-factor/", security_views.enroll, name="second_factor_enroll"),
    path("security/verify/", security_views.verify, name="second_factor_verify"),
    path("security/recovery-codes/", security_views.recovery_codes, name="second_factor_recovery"),
    path(
        "security/second-factor/remove/",
        security_views.remove_second_factor,
        name="second_factor_remove",
    ),
    path(
        "security/sign-out-everywhere/",
        security_views.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path(
        "people/<int:person_id>/second-factor/reset/",
        security_views.reset_second_factor,
        name="second_factor_reset",
    ),
    path("units/<str:unit_code>/roles/new/", views.membership_create, name="membership_create"),
    path(
        "units/<str:unit_code>/roles/<int:membership_id>/delete/",
        views.membership_delete,
        name="membership_delete",
    ),
]
