"""Where a page's time goes: pyinstrument over N requests of one page, in-process, with
the settings of the environment (bench.py runs it like the server: production settings,
PostgreSQL, Redis). Usage: profile_page.py EMAIL URL [N]."""

import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.test import Client as HttpClient  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from clients.models import Client  # noqa: E402

email, url = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
browser = HttpClient(HTTP_HOST="127.0.0.1")
browser.force_login(Client.objects.get(email=email))
for _ in range(20):
    browser.get(url)
profiler = Profiler(interval=0.0002)
profiler.start()
for _ in range(count):
    browser.get(url)
profiler.stop()
print(profiler.output_text(unicode=True, color=False, show_all=bool(os.environ.get("PROFILE_ALL"))))
