"""A merchant's Django site, as one is usually set up (tests/test_django_project.py serves it
with runserver and with uvicorn): the standard middleware stack, LoginRequiredMiddleware and
CSRF included, Redis as the cache, and the SDK configured from WEBPOS."""

import os

SECRET_KEY = "django-test-only-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "shop",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]
ROOT_URLCONF = "shopsite.urls"
LOGIN_URL = "/accounts/login/"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["SHOP_DB"]}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["SHOP_REDIS"]}}
USE_TZ = True
WEBPOS = {
    "client_id": os.environ["SHOP_WEBPOS_CLIENT_ID"],
    "secret": os.environ["SHOP_WEBPOS_SECRET"],
    "base_url": os.environ["SHOP_WEBPOS_BASE_URL"],
}
