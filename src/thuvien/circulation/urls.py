from django.urls import URLPattern, URLResolver, path

from thuvien.circulation import account

app_name = "circulation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("account/", account.account, name="account"),
    path("account/sign-in/", account.sign_in, name="sign_in"),
    path("account/register/", account.register, name="register"),
    path("account/sign-out/", account.sign_out, name="sign_out"),
    path("account/loans/<int:pk>/renew/", account.renew, name="renew"),
    path("account/holds/<int:pk>/cancel/", account.cancel_hold, name="cancel_hold"),
    path("account/history/", account.history_consent, name="history_consent"),
    path("account/my-data.json", account.my_data, name="my_data"),
]
