#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")
    # The command line is the developer's tool: without DEBUG set it runs in development mode. The web
    # server (wsgi/asgi, gunicorn) keeps DEBUG off by default and then demands SECRET_KEY and ALLOWED_HOSTS.
    os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
