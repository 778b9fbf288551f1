package dev.flo.actions.provider.railway;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.Document;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Railway's published introspection schema (railwayapp/cli src/gql/schema.json), to validate every
 * document sent.
 */
public final class RailwaySchema {
  private static GraphQLSchema schema;

  static synchronized GraphQLSchema schema() {
    if (schema == null) {
      try (InputStream in = RailwaySchema.class.getResourceAsStream("/specs/railway-schema.json")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data =
            (Map<String, Object>) new ObjectMapper().readValue(in, Map.class).get("data");
        Document sdl = new IntrospectionResultToSchema().createSchemaDefinition(data);
        schema =
            UnExecutableSchemaGenerator.makeUnExecutableSchema(
                new SchemaParser().buildRegistry(sdl));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return schema;
  }

  /** The validation errors of a document; empty when it is valid against the schema. */
  public static List<String> violations(String document) {
    try {
      return new Validator()
          .validateDocument(schema(), Parser.parse(document), Locale.ENGLISH).stream()
              .map(ValidationError::getMessage)
              .toList();
    } catch (graphql.parser.InvalidSyntaxException e) {
      return List.of("syntax: " + e.getMessage());
    }
  }
}
