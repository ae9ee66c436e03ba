"""JSON Schema's rules: Confluent's difference types. Every difference is reported; a change is compatible when
the policy accepts each of its differences: `ALWAYS` (STRICT and LENIENT), `LENIENT_ONLY` or `NEVER`."""

from __future__ import annotations

from schemata.compat.catalogue.table import NEVER, Entry, Format, Kind, Policy, Table

ALWAYS = frozenset({Policy.STRICT, Policy.LENIENT})
LENIENT_ONLY = frozenset({Policy.LENIENT})

_ANNOTATION, _PRESENCE, _MISMATCH, _SCHEMA = Kind.ANNOTATION, Kind.PRESENCE, Kind.MISMATCH, Kind.SCHEMA
_PROPERTY, _ITEM, _DEPENDENCY, _COMBINATION = Kind.PROPERTY, Kind.ITEM, Kind.DEPENDENCY, Kind.COMBINATION
_LENIENT = " or use the LENIENT compatibilityPolicy"


def _limit(keyword: str, loosen: str) -> str:
    """The hint of a count limit that now admits fewer values."""
    return (f"Data valid under the old {keyword} may now be rejected; keep the old limit or loosen it ({loosen} it), "
            "or register the change under a new subject.")


def _bound(side: str) -> str:
    """The hint of a number bound that now admits fewer values."""
    return (f"Data valid under the old {side} limit may now be rejected; keep the old limit or loosen it, or register "
            "the change under a new subject.")


def _added(keyword: str) -> str:
    return f"Data valid before may not satisfy the new {keyword}; drop it or keep the old one."


def _closed(what: str, keyword: str, escape: str = "") -> str:
    return f"Old data may hold {what}; keep {keyword} open{escape}."


def _narrowed(what: str, keyword: str, escape: str = "") -> str:
    return f"Old data may hold {what} that fail the new {keyword}; keep it open{escape}."


_CLOSE = ("Close the object with `additionalProperties: false` (adding properties to a closed model is "
          "compatible), or set the subject's compatibilityPolicy to LENIENT.")
_KEEP_OPTIONAL = "Old data may lack the property; make it optional, or give it a default."
_NARROWER_PROPERTY = ("Make the property's schema accept everything the old patternProperties/additionalProperties "
                      "allowed for its name, or use the LENIENT compatibilityPolicy.")
_MULTIPLE_OF = "Old values may not be multiples of the new multipleOf; use a divisor of the old value."


class Json(Table):
    format = Format.JSON
    title = "JSON Schema"
    policies = frozenset({Policy.STRICT, Policy.LENIENT})
    names_differences = True

    # -- annotations, subschemas, type
    ID_CHANGED = Entry(_ANNOTATION, ALWAYS, "$id changed (annotation only)")
    TITLE_CHANGED = Entry(_ANNOTATION, ALWAYS, "title changed (annotation only)")
    DESCRIPTION_CHANGED = Entry(_ANNOTATION, ALWAYS, "description changed (annotation only)")
    DEFAULT_CHANGED = Entry(_ANNOTATION, ALWAYS, "default changed (annotation only)")
    SCHEMA_ADDED = Entry(
        _PRESENCE, NEVER, "a subschema was added where there was none",
        "The new subschema constrains data that was unconstrained; drop it or make it accept everything.")
    SCHEMA_REMOVED = Entry(_PRESENCE, ALWAYS, "a subschema was removed: anything is accepted there")
    TYPE_CHANGED = Entry(
        _MISMATCH, NEVER, "the schema now accepts a different kind of value",
        "Old data of the old type is rejected; keep the old type, or add the new one next to it.")
    TYPE_EXTENDED = Entry(_SCHEMA, ALWAYS, "type removed, or integer widened to number")
    TYPE_NARROWED = Entry(_SCHEMA, NEVER, "type added, or number narrowed to integer",
                          "Old data of the wider type is rejected; keep the old type.")

    # -- strings
    MAX_LENGTH_ADDED = Entry(_SCHEMA, NEVER, "maxLength added: fewer values are valid", _limit("maxLength", "raise"))
    MAX_LENGTH_REMOVED = Entry(_SCHEMA, ALWAYS, "maxLength removed: more values are valid")
    MAX_LENGTH_INCREASED = Entry(_SCHEMA, ALWAYS, "maxLength increased: more values are valid")
    MAX_LENGTH_DECREASED = Entry(_SCHEMA, NEVER, "maxLength decreased: fewer values are valid",
                                 _limit("maxLength", "raise"))
    MIN_LENGTH_ADDED = Entry(_SCHEMA, NEVER, "minLength added: fewer values are valid", _limit("minLength", "lower"))
    MIN_LENGTH_REMOVED = Entry(_SCHEMA, ALWAYS, "minLength removed: more values are valid")
    MIN_LENGTH_INCREASED = Entry(_SCHEMA, NEVER, "minLength increased: fewer values are valid",
                                 _limit("minLength", "lower"))
    MIN_LENGTH_DECREASED = Entry(_SCHEMA, ALWAYS, "minLength decreased: more values are valid")
    PATTERN_ADDED = Entry(_SCHEMA, NEVER, "pattern added", _added("pattern"))
    PATTERN_REMOVED = Entry(_SCHEMA, ALWAYS, "pattern removed")
    PATTERN_CHANGED = Entry(_SCHEMA, NEVER, "pattern changed", _added("pattern"))

    # -- numbers
    MAXIMUM_ADDED = Entry(_SCHEMA, NEVER, "maximum added: fewer values are valid", _bound("maximum"))
    MAXIMUM_REMOVED = Entry(_SCHEMA, ALWAYS, "maximum removed: more values are valid")
    MAXIMUM_INCREASED = Entry(_SCHEMA, ALWAYS, "maximum increased: more values are valid")
    MAXIMUM_DECREASED = Entry(_SCHEMA, NEVER, "maximum decreased: fewer values are valid", _bound("maximum"))
    EXCLUSIVE_MAXIMUM_ADDED = Entry(_SCHEMA, NEVER, "exclusiveMaximum added: fewer values are valid",
                                    _bound("maximum"))
    EXCLUSIVE_MAXIMUM_REMOVED = Entry(_SCHEMA, ALWAYS, "exclusiveMaximum removed: more values are valid")
    EXCLUSIVE_MAXIMUM_INCREASED = Entry(_SCHEMA, ALWAYS, "exclusiveMaximum increased: more values are valid")
    EXCLUSIVE_MAXIMUM_DECREASED = Entry(_SCHEMA, NEVER, "exclusiveMaximum decreased: fewer values are valid",
                                        _bound("maximum"))
    MINIMUM_ADDED = Entry(_SCHEMA, NEVER, "minimum added: fewer values are valid", _bound("minimum"))
    MINIMUM_REMOVED = Entry(_SCHEMA, ALWAYS, "minimum removed: more values are valid")
    MINIMUM_INCREASED = Entry(_SCHEMA, NEVER, "minimum increased: fewer values are valid", _bound("minimum"))
    MINIMUM_DECREASED = Entry(_SCHEMA, ALWAYS, "minimum decreased: more values are valid")
    EXCLUSIVE_MINIMUM_ADDED = Entry(_SCHEMA, NEVER, "exclusiveMinimum added: fewer values are valid",
                                    _bound("minimum"))
    EXCLUSIVE_MINIMUM_REMOVED = Entry(_SCHEMA, ALWAYS, "exclusiveMinimum removed: more values are valid")
    EXCLUSIVE_MINIMUM_INCREASED = Entry(_SCHEMA, NEVER, "exclusiveMinimum increased: fewer values are valid",
                                        _bound("minimum"))
    EXCLUSIVE_MINIMUM_DECREASED = Entry(_SCHEMA, ALWAYS, "exclusiveMinimum decreased: more values are valid")
    MULTIPLE_OF_ADDED = Entry(_SCHEMA, NEVER, "multipleOf added", _MULTIPLE_OF)
    MULTIPLE_OF_REMOVED = Entry(_SCHEMA, ALWAYS, "multipleOf removed")
    MULTIPLE_OF_REDUCED = Entry(_SCHEMA, ALWAYS, "multipleOf now divides the old one")
    MULTIPLE_OF_EXPANDED = Entry(_SCHEMA, NEVER, "multipleOf is now a multiple of the old one", _MULTIPLE_OF)
    MULTIPLE_OF_CHANGED = Entry(_SCHEMA, NEVER, "multipleOf changed to an unrelated value", _MULTIPLE_OF)

    # -- objects
    REQUIRED_ATTRIBUTE_ADDED = Entry(_SCHEMA, NEVER, "a property became required (no default)",
                                     "Old data may lack the property; keep it optional, or give it a default.")
    REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED = Entry(_SCHEMA, ALWAYS, "a property with a default became required")
    REQUIRED_ATTRIBUTE_REMOVED = Entry(_SCHEMA, ALWAYS, "a property is no longer required")
    MAX_PROPERTIES_ADDED = Entry(_SCHEMA, NEVER, "maxProperties added: fewer values are valid",
                                 _limit("maxProperties", "raise"))
    MAX_PROPERTIES_REMOVED = Entry(_SCHEMA, ALWAYS, "maxProperties removed: more values are valid")
    MAX_PROPERTIES_INCREASED = Entry(_SCHEMA, ALWAYS, "maxProperties increased: more values are valid")
    MAX_PROPERTIES_DECREASED = Entry(_SCHEMA, NEVER, "maxProperties decreased: fewer values are valid",
                                     _limit("maxProperties", "raise"))
    MIN_PROPERTIES_ADDED = Entry(_SCHEMA, NEVER, "minProperties added: fewer values are valid",
                                 _limit("minProperties", "lower"))
    MIN_PROPERTIES_REMOVED = Entry(_SCHEMA, ALWAYS, "minProperties removed: more values are valid")
    MIN_PROPERTIES_INCREASED = Entry(_SCHEMA, NEVER, "minProperties increased: fewer values are valid",
                                     _limit("minProperties", "lower"))
    MIN_PROPERTIES_DECREASED = Entry(_SCHEMA, ALWAYS, "minProperties decreased: more values are valid")
    ADDITIONAL_PROPERTIES_REMOVED = Entry(
        _SCHEMA, LENIENT_ONLY, "properties not listed are no longer allowed (additionalProperties is now false)",
        _closed("properties not listed", "additionalProperties", _LENIENT))
    ADDITIONAL_PROPERTIES_ADDED = Entry(
        _SCHEMA, ALWAYS, "properties not listed are now allowed (the old additionalProperties was false)")
    ADDITIONAL_PROPERTIES_NARROWED = Entry(
        _SCHEMA, LENIENT_ONLY, "properties not listed must now match additionalProperties",
        _narrowed("properties not listed", "additionalProperties", _LENIENT))
    ADDITIONAL_PROPERTIES_EXTENDED = Entry(
        _SCHEMA, ALWAYS, "properties not listed may now hold any value (additionalProperties no longer restricts them)")
    UNEVALUATED_PROPERTIES_REMOVED = Entry(
        _SCHEMA, LENIENT_ONLY, "unevaluated properties are no longer allowed (unevaluatedProperties is now false)",
        _closed("unevaluated properties", "unevaluatedProperties", _LENIENT))
    UNEVALUATED_PROPERTIES_ADDED = Entry(
        _SCHEMA, ALWAYS, "unevaluated properties are now allowed (the old unevaluatedProperties was false)")
    UNEVALUATED_PROPERTIES_NARROWED = Entry(
        _SCHEMA, LENIENT_ONLY, "unevaluated properties must now match unevaluatedProperties",
        _narrowed("unevaluated properties", "unevaluatedProperties", _LENIENT))
    UNEVALUATED_PROPERTIES_EXTENDED = Entry(
        _SCHEMA, ALWAYS,
        "unevaluated properties may now hold any value (unevaluatedProperties no longer restricts them)")
    DEPENDENCY_ARRAY_ADDED = Entry(
        _DEPENDENCY, NEVER, "a property dependency added",
        "Old data holding the property may lack the properties it now requires; drop the dependency.")
    DEPENDENCY_ARRAY_REMOVED = Entry(_DEPENDENCY, ALWAYS, "a property dependency removed")
    DEPENDENCY_ARRAY_EXTENDED = Entry(
        _DEPENDENCY, NEVER, "a property dependency extended",
        "Old data holding the property may lack the newly required properties; do not extend the dependency.")
    DEPENDENCY_ARRAY_NARROWED = Entry(_DEPENDENCY, ALWAYS, "a property dependency narrowed")
    DEPENDENCY_ARRAY_CHANGED = Entry(
        _DEPENDENCY, NEVER, "a property dependency changed",
        "Old data holding the property may lack the newly required properties; only remove names.")
    DEPENDENCY_SCHEMA_ADDED = Entry(_DEPENDENCY, NEVER, "a schema dependency was added",
                                    "Old data holding the property may fail the new dependent schema; drop it.")
    DEPENDENCY_SCHEMA_REMOVED = Entry(_DEPENDENCY, ALWAYS, "a schema dependency was removed")

    # -- properties added or removed, by the content model that covered them
    PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL = Entry(
        _PROPERTY, ALWAYS, "a property accepting anything was added to an open object")
    REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL = Entry(
        _PROPERTY, NEVER, "a required property was added to an open object", _KEEP_OPTIONAL)
    REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL = Entry(
        _PROPERTY, LENIENT_ONLY, "a required property with a default was added to an open object", _CLOSE)
    OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL = Entry(
        _PROPERTY, LENIENT_ONLY, "an optional property was added to an open object", _CLOSE)
    REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL = Entry(
        _PROPERTY, NEVER, "a required property was added to a closed object", _KEEP_OPTIONAL)
    REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL = Entry(
        _PROPERTY, ALWAYS, "a required property with a default was added to a closed object")
    OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL = Entry(
        _PROPERTY, ALWAYS, "an optional property was added to a closed object")
    PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL = Entry(
        _PROPERTY, ALWAYS, "an added property accepts what patternProperties/additionalProperties allowed for it")
    PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL = Entry(
        _PROPERTY, LENIENT_ONLY,
        "an added property is narrower than what patternProperties/additionalProperties allowed", _NARROWER_PROPERTY)
    PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL = Entry(_PROPERTY, ALWAYS, "a property was removed from an open object")
    PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL = Entry(
        _PROPERTY, ALWAYS, "a property declared false was removed from a closed object")
    PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL = Entry(
        _PROPERTY, LENIENT_ONLY, "a property was removed from a closed object",
        "Old data holding the property is rejected; keep the property (it may be deprecated), or use the LENIENT "
        "compatibilityPolicy.")
    PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL = Entry(
        _PROPERTY, ALWAYS, "a removed property is still accepted by patternProperties/additionalProperties")
    PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL = Entry(
        _PROPERTY, LENIENT_ONLY, "a removed property is not fully accepted by patternProperties/additionalProperties",
        _NARROWER_PROPERTY)

    # -- arrays
    MAX_ITEMS_ADDED = Entry(_SCHEMA, NEVER, "maxItems added: fewer values are valid", _limit("maxItems", "raise"))
    MAX_ITEMS_REMOVED = Entry(_SCHEMA, ALWAYS, "maxItems removed: more values are valid")
    MAX_ITEMS_INCREASED = Entry(_SCHEMA, ALWAYS, "maxItems increased: more values are valid")
    MAX_ITEMS_DECREASED = Entry(_SCHEMA, NEVER, "maxItems decreased: fewer values are valid",
                                _limit("maxItems", "raise"))
    MIN_ITEMS_ADDED = Entry(_SCHEMA, NEVER, "minItems added: fewer values are valid", _limit("minItems", "lower"))
    MIN_ITEMS_REMOVED = Entry(_SCHEMA, ALWAYS, "minItems removed: more values are valid")
    MIN_ITEMS_INCREASED = Entry(_SCHEMA, NEVER, "minItems increased: fewer values are valid",
                                _limit("minItems", "lower"))
    MIN_ITEMS_DECREASED = Entry(_SCHEMA, ALWAYS, "minItems decreased: more values are valid")
    MAX_CONTAINS_ADDED = Entry(_SCHEMA, NEVER, "maxContains added: fewer values are valid",
                               _limit("maxContains", "raise"))
    MAX_CONTAINS_REMOVED = Entry(_SCHEMA, ALWAYS, "maxContains removed: more values are valid")
    MAX_CONTAINS_INCREASED = Entry(_SCHEMA, ALWAYS, "maxContains increased: more values are valid")
    MAX_CONTAINS_DECREASED = Entry(_SCHEMA, NEVER, "maxContains decreased: fewer values are valid",
                                   _limit("maxContains", "raise"))
    MIN_CONTAINS_ADDED = Entry(_SCHEMA, NEVER, "minContains added: fewer values are valid",
                               _limit("minContains", "lower"))
    MIN_CONTAINS_REMOVED = Entry(_SCHEMA, ALWAYS, "minContains removed: more values are valid")
    MIN_CONTAINS_INCREASED = Entry(_SCHEMA, NEVER, "minContains increased: fewer values are valid",
                                   _limit("minContains", "lower"))
    MIN_CONTAINS_DECREASED = Entry(_SCHEMA, ALWAYS, "minContains decreased: more values are valid")
    UNIQUE_ITEMS_ADDED = Entry(_SCHEMA, NEVER, "uniqueItems added", _added("uniqueItems"))
    UNIQUE_ITEMS_REMOVED = Entry(_SCHEMA, ALWAYS, "uniqueItems removed")
    ADDITIONAL_ITEMS_REMOVED = Entry(
        _SCHEMA, NEVER, "items past the tuple are no longer allowed (additionalItems is now false)",
        _closed("items past the tuple", "additionalItems"))
    ADDITIONAL_ITEMS_ADDED = Entry(
        _SCHEMA, ALWAYS, "items past the tuple are now allowed (the old additionalItems was false)")
    ADDITIONAL_ITEMS_NARROWED = Entry(
        _SCHEMA, NEVER, "items past the tuple must now match additionalItems",
        _narrowed("items past the tuple", "additionalItems"))
    ADDITIONAL_ITEMS_EXTENDED = Entry(
        _SCHEMA, ALWAYS, "items past the tuple may now hold any value (additionalItems no longer restricts them)")
    UNEVALUATED_ITEMS_REMOVED = Entry(
        _SCHEMA, NEVER, "unevaluated items are no longer allowed (unevaluatedItems is now false)",
        _closed("unevaluated items", "unevaluatedItems"))
    UNEVALUATED_ITEMS_ADDED = Entry(
        _SCHEMA, ALWAYS, "unevaluated items are now allowed (the old unevaluatedItems was false)")
    UNEVALUATED_ITEMS_NARROWED = Entry(
        _SCHEMA, NEVER, "unevaluated items must now match unevaluatedItems",
        _narrowed("unevaluated items", "unevaluatedItems"))
    UNEVALUATED_ITEMS_EXTENDED = Entry(
        _SCHEMA, ALWAYS, "unevaluated items may now hold any value (unevaluatedItems no longer restricts them)")
    ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL = Entry(
        _ITEM, ALWAYS, "an item accepting anything was added to an open tuple")
    ITEM_ADDED_TO_OPEN_CONTENT_MODEL = Entry(
        _ITEM, NEVER, "an item was added to an open tuple",
        "Old data may hold any value at this position; add the item as `true`, or close the tuple first.")
    ITEM_ADDED_TO_CLOSED_CONTENT_MODEL = Entry(_ITEM, ALWAYS, "an item was added to a closed tuple")
    ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL = Entry(
        _ITEM, ALWAYS, "an added item accepts what the old additional items allowed")
    ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL = Entry(
        _ITEM, NEVER, "an added item is narrower than the old additional items",
        "Make the item schema accept everything the old items past the tuple allowed.")
    ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL = Entry(_ITEM, ALWAYS, "an item was removed from an open tuple")
    ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL = Entry(
        _ITEM, ALWAYS, "an item declared false was removed from a closed tuple")
    ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL = Entry(
        _ITEM, NEVER, "an item was removed from a closed tuple",
        "Old data holding this item is rejected; keep the item, or open the tuple (additional items).")
    ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL = Entry(
        _ITEM, ALWAYS, "a removed item is accepted by the new additional items")
    ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL = Entry(
        _ITEM, NEVER, "a removed item is not fully accepted by the new additional items",
        "Make the new additional items accept every old value of the removed item.")

    # -- enum and const, allOf/anyOf/oneOf, not
    ENUM_ARRAY_EXTENDED = Entry(_SCHEMA, ALWAYS, "enum/const values extended")
    ENUM_ARRAY_NARROWED = Entry(_SCHEMA, NEVER, "enum/const values narrowed",
                                "Old data may hold a value no longer allowed; keep every old enum value.")
    ENUM_ARRAY_CHANGED = Entry(_SCHEMA, NEVER, "enum/const values changed",
                               "Old data may hold a value no longer allowed; only add values to the enum.")
    PRODUCT_TYPE_EXTENDED = Entry(
        _COMBINATION, NEVER, "allOf gained subschemas (more constraints)",
        "Every added allOf subschema constrains old data; move the constraint into an optional property instead.")
    PRODUCT_TYPE_NARROWED = Entry(_COMBINATION, ALWAYS, "allOf lost subschemas (fewer constraints)")
    SUM_TYPE_EXTENDED = Entry(_COMBINATION, ALWAYS, "anyOf/oneOf gained alternatives")
    SUM_TYPE_NARROWED = Entry(_COMBINATION, NEVER, "anyOf/oneOf lost alternatives",
                              "Old data may match only a removed alternative; keep every old alternative.")
    COMBINED_TYPE_EXTENDED = Entry(
        _COMBINATION, ALWAYS, "the combinator widened: to anyOf, or from one member to oneOf (or oneOf/anyOf to allOf)")
    COMBINED_TYPE_CHANGED = Entry(
        _COMBINATION, NEVER, "the combinator changed in a way that narrows",
        "Old data may match the old combination but not the new one; keep the old combinator or use anyOf.")
    COMBINED_TYPE_SUBSCHEMAS_CHANGED = Entry(
        _COMBINATION, NEVER, "some subschemas have no compatible counterpart",
        "Change each subschema compatibly (or add new ones next to the old ones) so that every old subschema still "
        "has a compatible counterpart.")
    NOT_TYPE_EXTENDED = Entry(_SCHEMA, NEVER, "the `not` schema excludes more values",
                              "Old data may now be excluded by `not`; only narrow what `not` excludes.")
    NOT_TYPE_NARROWED = Entry(_SCHEMA, ALWAYS, "the `not` schema excludes fewer values")
