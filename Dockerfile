# Image for docker-compose.yml: Python 3.11, the locked Python packages, the npm assets, static files.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
# Only what the portal serves: the devDependencies (axe-core, oidc-provider) are for the tests.
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /app/node_modules ./node_modules
RUN DEBUG=false SECRET_KEY=build-only-not-secret-build-only-not-secret ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput
RUN useradd --create-home klantreis && mkdir -p var/matchingindex && chown -R klantreis var
USER klantreis
EXPOSE 8000
# Workers, threads and timeouts: gunicorn.conf.py (WEB_CONCURRENCY, WEB_THREADS, WEB_TIMEOUT, WEB_KEEPALIVE).
CMD ["gunicorn", "klantreis.wsgi:application", "--bind", "0.0.0.0:8000", "--config", "gunicorn.conf.py"]
