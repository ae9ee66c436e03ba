"""Schemata's producer/consumer client: a drop-in for confluent-kafka's schema registry serializers.

Switch by changing the import::

    from schemata.registry.client import AvroSerializer, SchemaRegistryClient, SerializationContext, MessageField

    client = SchemaRegistryClient({"url": "http://localhost:8081"})
    serialize = AvroSerializer(client, schema_str)
    data = serialize(record, SerializationContext("orders", MessageField.VALUE))

Importing this package needs neither FastAPI nor SQLAlchemy. Exceptions::

    ClientError
    ├── SchemaRegistryError             the registry answered with an error (http_status_code, error_code)
    │   ├── SubjectNotFoundError        40401
    │   ├── VersionNotFoundError        40402
    │   ├── SchemaNotFoundError         40403
    │   ├── InvalidSchemaError          42201
    │   └── IncompatibleSchemaError     409 / 40901, with the findings in `messages`
    ├── RegistryUnreachableError        no registry URL answered (with the URL)
    │   └── RegistryTimeoutError
    ├── SchemaParseError                a schema the client parses is not valid
    └── SerializationError
        ├── UnknownMagicByteError       not Confluent-framed data
        ├── UnknownSchemaIdError        the id in a message is unknown to the registry
        ├── RecordValidationError       a record does not match its schema (with the path)
        └── RuleError                   a data-contract rule failed or cannot run (rule, subject, version, field)
"""

from schemata.registry.client._avro import AvroDeserializer, AvroSerializer
from schemata.registry.client._client import SchemaRegistryClient
from schemata.registry.client._context import MessageField, SerializationContext
from schemata.registry.client._contracts import ContractsClient
from schemata.registry.client._errors import (
    ClientError,
    IncompatibleSchemaError,
    InvalidSchemaError,
    RecordValidationError,
    RegistryTimeoutError,
    RegistryUnreachableError,
    RuleError,
    SchemaNotFoundError,
    SchemaParseError,
    SchemaRegistryError,
    SerializationError,
    SubjectNotFoundError,
    UnknownMagicByteError,
    UnknownSchemaIdError,
    VersionNotFoundError,
)
from schemata.registry.client._json import JSONDeserializer, JSONSerializer
from schemata.registry.client._model import (
    CompatibilityResult,
    RegisteredSchema,
    Schema,
    SchemaReference,
    SchemaVersion,
    ServerConfig,
)
from schemata.registry.client._protobuf import ProtobufDeserializer, ProtobufSerializer, reference_subject_name_strategy
from schemata.registry.client._strategies import (
    record_subject_name_strategy,
    topic_record_subject_name_strategy,
    topic_subject_name_strategy,
)

__all__ = [
    "AvroDeserializer",
    "AvroSerializer",
    "ClientError",
    "CompatibilityResult",
    "ContractsClient",
    "IncompatibleSchemaError",
    "InvalidSchemaError",
    "JSONDeserializer",
    "JSONSerializer",
    "MessageField",
    "ProtobufDeserializer",
    "ProtobufSerializer",
    "RecordValidationError",
    "RegisteredSchema",
    "RegistryTimeoutError",
    "RegistryUnreachableError",
    "RuleError",
    "Schema",
    "SchemaNotFoundError",
    "SchemaParseError",
    "SchemaReference",
    "SchemaRegistryClient",
    "SchemaRegistryError",
    "SchemaVersion",
    "SerializationContext",
    "SerializationError",
    "ServerConfig",
    "SubjectNotFoundError",
    "UnknownMagicByteError",
    "UnknownSchemaIdError",
    "VersionNotFoundError",
    "record_subject_name_strategy",
    "reference_subject_name_strategy",
    "topic_record_subject_name_strategy",
    "topic_subject_name_strategy",
]
