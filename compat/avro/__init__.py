"""Avro for the compatibility engine: parsing (`AvroFormat.parse`) and reader/writer resolution (`check`).

>>> from compat.avro import AvroFormat
>>> fmt = AvroFormat()
>>> old = fmt.parse('{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}')
>>> new = fmt.parse('{"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}]}')
>>> fmt.check(reader=new, writer=old, policy="STRICT")
[]
"""

from schemata.compat.avro.format import AvroFormat, AvroSchema
from schemata.compat.avro.rules import AVRO_RULES

__all__ = ["AVRO_RULES", "AvroFormat", "AvroSchema"]
