"""The benchmarks' throw-away PostgreSQL databases (made from the `postgres` database)."""

from urllib.parse import urlsplit

import psycopg


def _on_server(url, statement):
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if statement == "create":
            connection.execute(f'CREATE DATABASE "{name}"')


def recreate_database(url):
    """The database of ``url``, empty (dropped first if it exists)."""
    _on_server(url, "create")


def drop_database(url):
    _on_server(url, "drop")
