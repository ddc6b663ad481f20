"""Gunicorn settings read from the working directory (the Dockerfile and docker-compose start gunicorn there)."""


def post_worker_init(worker):
    """Each web worker starts building its matching index at once, so the first ranking does not wait for it."""
    from matching.index import index, vacature_index

    index().opwarmen()
    vacature_index().opwarmen()
