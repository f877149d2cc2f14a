#!/usr/bin/python3
"""Validates a JSON document (argv[2]) against a JSON Schema (argv[1]) with python3-jsonschema.
Prints each error with its path; exit 0 when valid, 1 when not, 2 when it cannot tell."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed (apt-get install python3-jsonschema)")
    sys.exit(2)

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    try:
        doc = json.load(f)
    except json.JSONDecodeError as e:
        print(f"not JSON: {e}")
        sys.exit(1)
jsonschema.Draft7Validator.check_schema(schema)
errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors:
    print("/" + "/".join(str(p) for p in e.path) + ": " + e.message)
sys.exit(1 if errors else 0)
