"""The JSON fixture format: Django's, except that a fixture file looks each natural key it refers to up once.

The content fixtures name related rows by slug, and Django looked the row up again for every reference:
1,658 likelihoods and 2,786 synonyms name fewer than 300 conditions and findings, about 6,000 of a load's
queries. A file's lookups can be kept for the file: loaddata never deletes a row, and a row it updates is
the one with that natural key, so a key found once names the same row until the file is loaded. Keys not
found yet (a row later in the file) are looked up again each time, as Django does.
"""

from django.core.serializers import base
from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import Serializer

__all__ = ["Deserializer", "Serializer"]


class Deserializer(JSONDeserializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.found: dict[tuple, object] = {}

    def _handle_fk_field_node(self, field, field_value):
        if not isinstance(field_value, list):  # a primary key or null: nothing to look up
            return super()._handle_fk_field_node(field, field_value)
        key = (field.remote_field.model, field.remote_field.field_name, *field_value)
        if key not in self.found:
            value = super()._handle_fk_field_node(field, field_value)
            if value is base.DEFER_FIELD:
                return value
            self.found[key] = value
        return self.found[key]
