// Validates the AsyncAPI document at argv[2] with the AsyncAPI project's own parser, its Avro and Protobuf
// schema parsers registered (JSON Schema payloads are the parser's built-in format). Prints each diagnostic
// as a JSON line; exits 1 if the document does not parse or any diagnostic is an error (severity 0).
import { readFileSync } from "node:fs";
import { Parser } from "@asyncapi/parser";
import { AvroSchemaParser } from "@asyncapi/avro-schema-parser";
import { ProtoBuffSchemaParser } from "@asyncapi/protobuf-schema-parser";

const parser = new Parser();
parser.registerSchemaParser(AvroSchemaParser());
parser.registerSchemaParser(ProtoBuffSchemaParser());
const { document, diagnostics } = await parser.parse(readFileSync(process.argv[2], "utf8"));
for (const d of diagnostics) {
  console.log(JSON.stringify({ severity: d.severity, code: d.code, message: d.message, path: d.path }));
}
process.exit(document && !diagnostics.some((d) => d.severity === 0) ? 0 : 1);
