from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from trama.accounts.forms import PasswordSetForm

app_name = "accounts"
urlpatterns = [
    path(
        "accedi/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("esci/", auth_views.LogoutView.as_view(), name="logout"),
    # The link e-mailed with a new account (live regia): the person sets a password and is logged in.
    path(
        "password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_set.html",
            form_class=PasswordSetForm,
            post_reset_login=True,
            success_url=reverse_lazy("accounts:password_set_done"),
        ),
        name="password_set",
    ),
    path(
        "password/impostata/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_set_done.html"),
        name="password_set_done",
    ),
]
