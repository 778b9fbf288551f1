package dev.flo.actions.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one configured Jackson mapper; thread-safe once built, so every reader shares it instead of
 * making its own.
 */
public final class Json {
  /**
   * Unknown fields are ignored: providers add fields to their answers without notice, and a new
   * field must not break a deploy. Do not reconfigure it: it is shared.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private Json() {}
}
