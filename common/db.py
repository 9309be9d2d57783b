"""The one statement compiled by the ORM once: each request's user (``RowByPk``).

The product's one use of Django's undocumented internals (the query's compiler, its
converters), kept here alone for a measured figure: the user that every authenticated
request reads costs 0.21 to 0.29 ms this way against 0.46 to 0.55 ms through
``ModelBackend.get_user`` (PostgreSQL, this machine's bench, 3,000 reads), about a sixth
of the CPU a cached client page costs (1.75 ms), which keeps the download above its
target of 20 % of a bare view. ``common/tests/test_db.py`` fails if Django's behaviour
under it changes: the row must equal the ORM's, values converted, in one query.

What is compiled is kept per database connection (one per thread), since conversions
read the connection they were made for. Only for a statement whose shape never changes:
one row by its primary key.
"""

import weakref

from django.db import connections, router


class RowByPk:
    """``model._default_manager.get(pk=pk)``, or None where there is no such row."""

    def __init__(self, model):
        self.model = model
        self.compiled = weakref.WeakKeyDictionary()

    def compile(self, using):
        queryset = self.model._default_manager.using(using)
        if queryset.query.has_filters():
            raise ValueError(f"{self.model.__name__}'s default manager filters its rows.")
        compiler = queryset.filter(pk=0).order_by().query.get_compiler(using)
        statement, _ = compiler.as_sql()  # its one parameter, the pk, comes with each get()
        columns = [column for column, _, _ in compiler.select]
        names = [column.target.attname for column in columns]
        return statement, names, compiler, compiler.get_converters(columns)

    def get(self, pk):
        using = router.db_for_read(self.model)
        connection = connections[using]
        if connection not in self.compiled:
            self.compiled[connection] = self.compile(using)
        statement, names, compiler, converters = self.compiled[connection]
        with connection.cursor() as cursor:
            cursor.execute(statement, [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        if converters:
            row = next(compiler.apply_converters([row], converters))
        return self.model.from_db(using, names, row)
