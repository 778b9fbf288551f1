package dev.flo.actions.provider.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Render's published OpenAPI document (a copy of render-public-api.json), used to check every
 * request the client sends and every response the fake answers: path, method, query parameters,
 * request body fields and enums, status codes, and response bodies against their schemas.
 */
final class RenderSpec {
  private static final String PREFIX = "/v1";
  private final JsonNode root;

  RenderSpec() {
    try (InputStream in = RenderSpec.class.getResourceAsStream("/specs/render-public-api.json")) {
      root = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every way one exchange breaks the spec; empty when it conforms. */
  List<String> violations(
      String method,
      String path,
      String query,
      String requestBody,
      int status,
      String responseBody) {
    List<String> v = new ArrayList<>();
    String what = method + " " + path;
    if (!path.startsWith(PREFIX)) {
      v.add(what + ": not under the server URL " + PREFIX);
      return v;
    }
    String rel = path.substring(PREFIX.length());
    Map.Entry<String, JsonNode> item = pathItem(rel);
    if (item == null) {
      v.add(what + ": no such path in the spec");
      return v;
    }
    JsonNode op = item.getValue().path(method.toLowerCase(java.util.Locale.ROOT));
    if (op.isMissingNode()) {
      v.add(what + ": method not in the spec for " + item.getKey());
      return v;
    }
    checkQuery(what, item.getValue(), op, query, v);
    checkRequestBody(what, op, requestBody, v);
    JsonNode response = op.path("responses").path(String.valueOf(status));
    if (response.isMissingNode()) {
      v.add(what + ": status " + status + " is not a documented response");
      return v;
    }
    response = deref(response);
    JsonNode schema = response.path("content").path("application/json").path("schema");
    if (schema.isMissingNode()) {
      if (responseBody != null && !responseBody.isEmpty()) {
        v.add(what + ": status " + status + " has no body in the spec but the fake sent one");
      }
    } else if (responseBody != null) {
      try {
        validate(what + " response", new ObjectMapper().readTree(responseBody), schema, v);
      } catch (IOException e) {
        v.add(what + ": response body is not JSON");
      }
    }
    return v;
  }

  private Map.Entry<String, JsonNode> pathItem(String rel) {
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("paths").properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (rel.matches(e.getKey().replaceAll("\\{[^}]+}", "[^/]+"))) {
        return e;
      }
    }
    return null;
  }

  private void checkQuery(
      String what, JsonNode pathItem, JsonNode op, String query, List<String> v) {
    if (query == null || query.isEmpty()) {
      return;
    }
    List<JsonNode> params = new ArrayList<>();
    pathItem.path("parameters").forEach(p -> params.add(deref(p)));
    op.path("parameters").forEach(p -> params.add(deref(p)));
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      JsonNode param =
          params.stream()
              .filter(
                  p ->
                      p.path("in").asText().equals("query") && p.path("name").asText().equals(name))
              .findFirst()
              .orElse(null);
      if (param == null) {
        v.add(what + ": query parameter '" + name + "' is not in the spec");
        continue;
      }
      JsonNode schema = deref(param.path("schema"));
      JsonNode scalar =
          schema.path("type").asText().equals("array") ? deref(schema.path("items")) : schema;
      validateScalar(what + " query " + name, value, scalar, v);
    }
  }

  private void checkRequestBody(String what, JsonNode op, String body, List<String> v) {
    JsonNode schema =
        op.path("requestBody").path("content").path("application/json").path("schema");
    boolean empty = body == null || body.isBlank();
    if (schema.isMissingNode()) {
      if (!empty) {
        v.add(what + ": sends a body but the spec declares none");
      }
      return;
    }
    if (empty) {
      if (op.path("requestBody").path("required").asBoolean()) {
        v.add(what + ": the spec requires a body");
      }
      return;
    }
    try {
      validate(what + " request", new ObjectMapper().readTree(body), schema, v);
    } catch (IOException e) {
      v.add(what + ": request body is not JSON");
    }
  }

  /**
   * A small JSON-schema check: $ref, object properties (no unknown, required present), arrays,
   * enums, types.
   */
  private void validate(String at, JsonNode value, JsonNode declared, List<String> v) {
    JsonNode schema = deref(declared);
    if (value == null || value.isNull()) {
      return;
    }
    if (schema.has("oneOf") || schema.has("anyOf")) {
      JsonNode options = schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf");
      for (JsonNode option : options) {
        List<String> trial = new ArrayList<>();
        validate(at, value, option, trial);
        if (trial.isEmpty()) {
          return;
        }
      }
      v.add(at + ": matches none of the alternatives");
      return;
    }
    switch (schema.path("type").asText(schema.has("properties") ? "object" : "")) {
      case "object" -> {
        if (!value.isObject()) {
          v.add(at + ": expected an object");
          return;
        }
        JsonNode props = schema.path("properties");
        schema
            .path("required")
            .forEach(
                r -> {
                  if (!value.has(r.asText())) {
                    v.add(at + ": required field '" + r.asText() + "' is missing");
                  }
                });
        value
            .fieldNames()
            .forEachRemaining(
                f -> {
                  if (props.has(f)) {
                    validate(at + "." + f, value.get(f), props.get(f), v);
                  } else if (!schema.path("additionalProperties").asBoolean(true)
                      || !props.isEmpty()) {
                    v.add(at + ": field '" + f + "' is not in the schema");
                  }
                });
      }
      case "array" -> {
        if (!value.isArray()) {
          v.add(at + ": expected an array");
          return;
        }
        value.forEach(item -> validate(at + "[]", item, schema.path("items"), v));
      }
      default ->
          validateScalar(at, value.isTextual() ? value.asText() : value.toString(), schema, v);
    }
  }

  private static void validateScalar(String at, String value, JsonNode schema, List<String> v) {
    if (schema.has("enum")) {
      Set<String> allowed = new java.util.HashSet<>();
      schema.get("enum").forEach(e -> allowed.add(e.asText()));
      if (!allowed.contains(value)) {
        v.add(at + ": '" + value + "' is not one of " + allowed);
      }
    }
    if (schema.path("type").asText().equals("integer")) {
      try {
        long n = Long.parseLong(value);
        if (schema.has("minimum") && n < schema.get("minimum").asLong()
            || schema.has("maximum") && n > schema.get("maximum").asLong()) {
          v.add(at + ": " + n + " is out of range");
        }
      } catch (NumberFormatException e) {
        v.add(at + ": '" + value + "' is not an integer");
      }
    }
    if ("date-time".equals(schema.path("format").asText())) {
      try {
        java.time.OffsetDateTime.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        v.add(at + ": '" + value + "' is not an ISO 8601 date-time");
      }
    }
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  private JsonNode deref(JsonNode node) {
    while (node.has("$ref")) {
      String[] parts = node.get("$ref").asText().substring(2).split("/");
      JsonNode n = root;
      for (String p : parts) {
        n = n.path(p);
      }
      node = n;
    }
    return node;
  }
}
