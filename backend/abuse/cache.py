"""Django's database cache with a counter that holds when several processes count at once."""

from __future__ import annotations

import base64
import pickle

from django.core.cache.backends import db
from django.db import connections, router, transaction


class DatabaseCache(db.DatabaseCache):
    """The database cache (CACHE_URL=db) whose incr is one atomic step that keeps the key's expiry.

    Django's own incr is a get and then a set: two workers that count at once both read 4 and both write
    5, so a limit of 10 let 12 through; and the set gives the key the cache's default lifetime (5
    minutes), so an hour's counter was forgotten after a pause. Here the row stays locked from the read
    to the write (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions, set in settings,
    already hold the database's write lock), and only the value is written back.
    """

    def incr(self, key, delta=1, version=None):
        database = router.db_for_write(self.cache_model_class)
        connection = connections[database]
        quote = connection.ops.quote_name
        table, key_column, value_column = quote(self._table), quote("cache_key"), quote("value")
        stored_key = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=database), connection.cursor() as cursor:
            if connection.features.has_select_for_update:
                cursor.execute(f"SELECT 1 FROM {table} WHERE {key_column} = %s {connection.ops.for_update_sql()}",
                               [stored_key])
            # Django's own read, inside the lock: it decodes the value and treats an expired key as missing.
            value = self.get(key, self._missing_key, version=version)
            if value is self._missing_key:
                raise ValueError(f"Key '{key}' not found")
            value += delta
            # Encoded as Django's set encodes values, so that its get reads it back.
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s", [encoded, stored_key])
        return value
