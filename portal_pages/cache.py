"""The firm's set-up, as every request reads it, kept in Django's cache.

The firm's settings (header, footer, colours), its site, the portal's texts and the help
section's address are read by every page and change only when firm staff save them.
They are cached under one key each, stamped with a generation; saving or deleting a
FirmSettings, a Site or a Page starts a new generation (``signals.py``), which every
process sees at its next read (the cache is shared: Redis, or the database's). A read is
one round trip to the cache (``get_many``), whatever it holds. Apps above use the same
cache for what they derive from their own content, and call ``invalidate`` when it
changes (dossiers: the client's pages).

A client's page (``cached_page``) is kept whole, per client and address, for a minute at
most: what it shows changes with the clock too (the next rendez-vous, the deposit quota).
Its CSRF token is the only part that differs from one request to the next: the page is
stored with a placeholder in its place, and each response gets its own token.
"""

import hashlib
from functools import wraps
from uuid import uuid4

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.middleware.csrf import get_token

GENERATION_KEY = "portal_pages:generation"
# A new generation drops everything at once; the timeout only bounds what a change made
# outside the ORM's signals (raw SQL) leaves stale.
TIMEOUT = 60 * 60
MISSING = "portal_pages:missing"


def read(name):
    """``(value, stamp)``: the value cached under ``name`` for the current generation, or
    ``MISSING``; ``stamp`` is what ``write`` needs to store a value computed now."""
    key = f"portal_pages:{name}"
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = uuid4().hex
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY, generation)
    stored = found.get(key)
    if stored is not None and stored[0] == generation:
        return stored[1], generation
    return MISSING, generation


def write(name, value, stamp, timeout=TIMEOUT):
    """Cache ``value`` under ``name``, for the generation ``read`` saw (``stamp``): if a
    change came in between, the value is already stale and never read."""
    cache.set(f"portal_pages:{name}", (stamp, value), timeout)


def cached(name, compute, timeout=TIMEOUT):
    """``compute()``'s value, cached under ``name`` for the current generation."""
    value, stamp = read(name)
    if value is MISSING:
        value = compute()
        write(name, value, stamp, timeout)
    return value


def invalidate():
    """Forget every cached value, now and again once the current transaction commits (a
    request that read the database before the commit may have cached the old state)."""
    cache.set(GENERATION_KEY, uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, uuid4().hex, None))


PAGE_TIMEOUT = 60
# What a page being cached renders in place of the CSRF token (context.portal gives it).
CSRF_PLACEHOLDER = "csrf-token-of-the-request"


def cached_page(view):
    """Serve a client's page from the cache when nothing changed since it was rendered.

    For logged-in GETs without a message to show (a message is shown once, then gone),
    when ``CLIENT_PAGE_CACHE`` is on (with Redis).
    The key holds the client, their name (which the pages greet them with), the host and
    the path with its page number (``page_address``); ``invalidate`` drops every page at
    once. Anything but a 200 page is never kept.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            not settings.CLIENT_PAGE_CACHE
            or request.method not in ("GET", "HEAD")
            or _has_messages(request)
        ):
            return view(request, *args, **kwargs)
        address = page_address(request)
        if address is None:
            return view(request, *args, **kwargs)
        user = request.user
        identity = "\0".join(
            [str(user.pk), user.first_name, user.last_name, known_host(request), address]
        )
        name = f"page:{user.pk}:{hashlib.sha256(identity.encode()).hexdigest()}"
        html, stamp = read(name)
        if html is MISSING:
            request.caching_page = True
            response = view(request, *args, **kwargs)
            cacheable = (
                response.status_code == 200
                and not response.streaming
                and response.get("Content-Type", "").startswith("text/html")
                and not response.cookies
            )
            if not cacheable:
                return response
            html = response.content.decode(response.charset)
            write(name, html, stamp, PAGE_TIMEOUT)
        else:
            response = HttpResponse()
        # get_token also sets the CSRF cookie when the browser has none yet.
        response.content = html.replace(CSRF_PLACEHOLDER, get_token(request))
        return response

    return wrapper


# What a client's page reads of its query string: its page number. Any other query string
# is served fresh and not kept (each would be another page in the cache: Redis's memory
# would grow with what anyone types).
PAGE_PARAMETERS = {"page"}


def page_address(request):
    """The path and the page number a page is kept under, or None when its query string
    holds anything else (not kept)."""
    if set(request.GET) - PAGE_PARAMETERS:
        return None
    number = request.GET.get("page")
    if number is None:
        return request.path
    if not number.isdigit() or len(number) > 6:
        return None
    return f"{request.path}?page={int(number)}"


def known_host(request):
    """The host a cached value is kept for: one of ALLOWED_HOSTS by name, without its port,
    or "*" (a wildcard's host or any port would otherwise make a new entry each)."""
    host, _port = split_domain_port(request.get_host())
    return host if host in settings.ALLOWED_HOSTS else "*"


def cached_for_client(name, compute):
    """``compute()``'s value, kept as a client's pages are (with ``CLIENT_PAGE_CACHE``, a
    minute at most, dropped by ``invalidate``); when ``compute`` raises (a 404), nothing
    is kept. ``name`` must hold the client's id."""
    if not settings.CLIENT_PAGE_CACHE:
        return compute()
    return cached(name, compute, PAGE_TIMEOUT)


def _has_messages(request):
    # Counting them reads them without marking them shown (they still show on this page).
    return len(messages.get_messages(request)) > 0
