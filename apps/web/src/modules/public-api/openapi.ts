// OpenAPI 3.1 document for /api/v1, generated from the zod schemas
// (z.toJSONSchema emits JSON Schema 2020-12, which is OpenAPI 3.1's dialect).
import { WEBHOOK_EVENT_TYPES, webhookEnvelopeSchema } from "@articulate/webhooks";
import { z } from "zod";
import { apiErrorBodySchema } from "./errors";
import { API_OPERATIONS } from "./operations";
import { apiSchemas } from "./schemas";

type JsonSchema = Record<string, unknown>;

function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

const ref = (id: string) => `#/components/schemas/${id}`;

function schemaFor(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const id = apiSchemas.get(schema)?.id;
  if (id) return { $ref: ref(id) };
  return clean(z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema);
}

let cached: JsonSchema | undefined;

export function buildOpenApiDocument(): JsonSchema {
  if (cached) return cached;
  const components: Record<string, JsonSchema> = {};
  const { schemas } = z.toJSONSchema(apiSchemas, { uri: ref, io: "output", unrepresentable: "any" }) as {
    schemas: Record<string, JsonSchema>;
  };
  for (const [id, s] of Object.entries(schemas)) components[id] = clean(s);
  // Request bodies are read as input (defaults make fields optional).
  const inputs = z.toJSONSchema(apiSchemas, { uri: ref, io: "input", unrepresentable: "any" }) as {
    schemas: Record<string, JsonSchema>;
  };
  for (const op of API_OPERATIONS) {
    const id = op.body ? apiSchemas.get(op.body)?.id : undefined;
    if (id && inputs.schemas[id]) components[id] = clean(inputs.schemas[id]);
  }
  components.Error = clean(z.toJSONSchema(apiErrorBodySchema, { io: "output" }) as JsonSchema);

  const errorResponse = (description: string) => ({
    description,
    content: { "application/json": { schema: { $ref: ref("Error") } } },
  });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const parameters: unknown[] = [];
    for (const name of op.path.match(/\{(\w+)\}/g) ?? []) {
      parameters.push({ name: name.slice(1, -1), in: "path", required: true, schema: { type: "string" } });
    }
    if (op.query) {
      const q = z.toJSONSchema(op.query, { io: "input", unrepresentable: "any" }) as {
        properties?: Record<string, JsonSchema>;
        required?: string[];
      };
      for (const [name, s] of Object.entries(q.properties ?? {})) {
        const { description, ...schema } = s;
        parameters.push({
          name,
          in: "query",
          required: q.required?.includes(name) ?? false,
          schema,
          ...(description ? { description } : {}),
        });
      }
    }
    const responses: Record<string, unknown> = {
      [op.success.status]: op.success.schema
        ? {
            description: op.success.description,
            content: { "application/json": { schema: schemaFor(op.success.schema, "output") } },
          }
        : { description: op.success.description },
      400: errorResponse("Invalid request (validation_failed lists each field)"),
      401: errorResponse("Missing, invalid or revoked API key"),
      429: {
        ...errorResponse("Rate limited for this key"),
        headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } },
      },
      500: errorResponse("Unexpected server error"),
      ...(op.body
        ? {
            413: errorResponse("Body larger than 256 KB (payload_too_large)"),
            415: errorResponse("Body not sent as application/json (unsupported_media_type)"),
          }
        : {}),
    };
    for (const status of op.errors ?? []) responses[status] = errorResponse(`Error ${status}`);
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { "application/json": { schema: schemaFor(op.body, "input") } } } }
        : {}),
      responses,
    };
  }

  const webhooks: Record<string, unknown> = {};
  for (const type of WEBHOOK_EVENT_TYPES) {
    webhooks[type] = {
      post: {
        summary: `${type} event, signed with Articulate-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`,
        requestBody: {
          content: {
            "application/json": {
              schema: clean(z.toJSONSchema(webhookEnvelopeSchema(type), { io: "output" }) as JsonSchema),
            },
          },
        },
        responses: { "2XX": { description: "Any 2xx acknowledges the event; anything else is retried with backoff" } },
      },
    };
  }

  cached = {
    openapi: "3.1.0",
    info: {
      title: "Articulate API",
      version: "1.0.0",
      description:
        "Tenant API for Articulate. Authenticate with `Authorization: Bearer <API key>` (create keys under Settings → API keys). " +
        "Every error is `{error:{code,message,details?}}`; rate limits are per key (429 with Retry-After).",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    tags: [
      { name: "Calls" },
      { name: "Agents" },
      { name: "Numbers" },
      { name: "Messages" },
      { name: "Knowledge" },
      { name: "Bookings" },
      { name: "Account" },
    ],
    paths,
    webhooks,
    components: {
      schemas: components,
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "art_live_… API key" } },
    },
  };
  return cached;
}
