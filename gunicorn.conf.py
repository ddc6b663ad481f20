"""Gunicorn settings read from the working directory (the Dockerfile and docker-compose start gunicorn there)."""


def post_worker_init(worker):
    """Each web worker maps the current version of the kandidaat index at once (milliseconds: the build ran before,
    in `manage.py matchingindex_bouwen` or the beat task) and builds its small vacature index in the background, so
    the first ranking does not wait."""
    from matching.index import index, vacature_index

    index().opwarmen()
    vacature_index().opwarmen()
