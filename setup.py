"""What ships: every package of the repository, found rather than listed.

Python's own ``site`` module is imported at interpreter start, so the configuration folder
``site/`` cannot be a package of that name: it ships as ``config``. Tests and the demo
(demo data and the local Stripe stand-in) stay out of what production installs; they run
from a checkout, where the repository's root is on the path.
"""

from setuptools import find_packages, setup

NOT_SHIPPED = ["site", "site.*", "tests", "tests.*", "*.tests", "*.tests.*", "demo", "demo.*"]

setup(
    package_dir={"config": "site"},
    packages=[
        "config",
        *(f"config.{name}" for name in find_packages("site")),
        *find_packages(exclude=NOT_SHIPPED),
    ],
)
