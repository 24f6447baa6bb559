import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - settings are configured by get_wsgi_application()

if getattr(settings, "SECRET_KEY_EPHEMERAL", False) and not settings.DEBUG:
    # A server never runs on a throw-away key (sessions and tokens would break between workers and restarts).
    raise ImproperlyConfigured("GONGZHI_SECRET_KEY is not set and there is no key file: set GONGZHI_SECRET_KEY, "
                               "or run `gongzhi serve`, which writes a development key into var/secret_key.")
