from django.http import HttpRequest, HttpResponse
from django.urls import path
from shop.handlers import router

from webpos_sdk.callbacks.django import callback_view


def account(request: HttpRequest) -> HttpResponse:
    """A page only a logged-in user sees (LoginRequiredMiddleware sends the others to log in)."""
    return HttpResponse("your orders")


urlpatterns = [
    path("webpos/callback", callback_view(router)),
    path("account", account),
]
