"""Build the Django settings dictionary from resolved options."""

from __future__ import annotations

from pathlib import Path

from salw.settings.database import database_from_options
from salw.settings.options import secret_key

PACKAGE_DIR = Path(__file__).resolve().parent.parent

LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("ru", "Русский"),
    ("zh-hans", "中文"),
    ("pt", "Português"),
]


def build_settings(values: dict) -> dict:
    data_dir: Path = values["data_dir"]
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "static").mkdir(exist_ok=True)
    lan = values["lan"]
    return {
        "SALW_OPTIONS": values,
        "SALW_DATA_DIR": data_dir,
        "BASE_DIR": PACKAGE_DIR,
        "SECRET_KEY": secret_key(data_dir),
        "DEBUG": values["debug"],
        "ALLOWED_HOSTS": ["*"] if lan else ["127.0.0.1", "localhost", "[::1]", "testserver"],
        "INSTALLED_APPS": [
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
            "django.contrib.humanize",
            "template_partials",
            "salw.core",
            "salw.accounts",
            "salw.vocabularies",
            "salw.registry",
            "salw.tracing",
            "salw.context",
            "salw.licensing",
            "salw.interchange",
            "salw.reporting",
            "salw.analytics",
            "salw.api",
            "salw.web",
        ],
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "whitenoise.middleware.WhiteNoiseMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.locale.LocaleMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "salw.web.security.SecurityHeadersMiddleware",
        ],
        "ROOT_URLCONF": "salw.web.urls",
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.template.context_processors.i18n",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ],
                },
            }
        ],
        "WSGI_APPLICATION": "salw.web.wsgi.application",
        "DATABASES": {"default": database_from_options(values)},
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "AUTH_PASSWORD_VALIDATORS": [
            {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
             "OPTIONS": {"min_length": 10}},
            {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
        ],
        "LANGUAGE_CODE": values["language"],
        "LANGUAGES": LANGUAGES,
        "LOCALE_PATHS": [PACKAGE_DIR / "locale"],
        "USE_I18N": True,
        "FORMAT_MODULE_PATH": ["salw.formats"],
        "USE_TZ": True,
        "TIME_ZONE": "UTC",
        "STATIC_URL": "/static/",
        "STATIC_ROOT": data_dir / "static",
        "WHITENOISE_USE_FINDERS": True,
        "MEDIA_ROOT": data_dir / "media",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "LOGIN_URL": "/login/",
        "LOGGING": {
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": {"console": {"class": "logging.StreamHandler"}},
            "root": {"handlers": ["console"], "level": "WARNING"},
        },
    }
