package dev.flo.actions.runtime.runner;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The other forms a secret can be printed in, so the {@link Masker} can register each before
 * anything prints: the credentials inside it ({@link #parts}) and its encodings ({@link
 * #encodings}).
 */
final class SecretForms {
  /**
   * Shorter encodings would hide ordinary text; a 5-byte secret still has a 6-character base64
   * form.
   */
  static final int MIN_ENCODED = 6;

  /**
   * Authorization schemes whose parameter is the credential (RFC 9110 §11.6.2, GitHub's {@code
   * token}, Slack's {@code Bot}).
   */
  private static final Pattern SCHEME =
      Pattern.compile(
          "(?i)(bearer|basic|token|bot|digest|apikey|api-key|key|oauth|jwt|ssws|negotiate)\\s+(\\S.*)",
          Pattern.DOTALL);

  /** A header line, {@code X-Api-Key: value}: a field name is a token (RFC 9110 §5.1). */
  private static final Pattern HEADER =
      Pattern.compile("([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\\s*:\\s*(\\S.*)");

  private SecretForms() {}

  /**
   * The credentials a secret carries that a server may echo alone: the parameter of {@code Bearer
   * t}/{@code token t}, {@code user:pass} and {@code pass} inside {@code Basic b64}, the value of a
   * {@code Name: value} line, the password of a URL. Each is a secret of its own, with its own
   * parts and encodings.
   */
  static List<String> parts(String secret) {
    Set<String> parts = new LinkedHashSet<>();
    String s = secret.strip();
    Matcher header = HEADER.matcher(s);
    if (!s.contains("\n") && header.matches() && !header.group(2).startsWith("//")) {
      parts.add(header.group(2).strip());
    }
    Matcher scheme = SCHEME.matcher(s);
    if (scheme.matches()) {
      String credential = scheme.group(2).strip();
      parts.add(credential);
      if (scheme.group(1).equalsIgnoreCase("basic")) {
        String userPass = base64Text(credential);
        if (userPass != null && userPass.indexOf(':') >= 0) {
          parts.add(userPass);
          parts.add(userPass.substring(userPass.indexOf(':') + 1));
        }
      }
    }
    parts.addAll(queryValues(s));
    parts.remove(secret);
    parts.removeIf(String::isEmpty);
    return List.copyOf(parts);
  }

  /**
   * The query values of a secret URL ({@code ?key=…}, {@code &sig=…}): a server that echoes only
   * the key must not print it. Short values ({@code ?v=2}) are left alone, so that masking them
   * does not hide ordinary text.
   */
  private static List<String> queryValues(String s) {
    int q = s.indexOf('?');
    if (!s.contains("://") || q < 0 || s.contains("\n")) {
      return List.of();
    }
    int hash = s.indexOf('#', q);
    Set<String> values = new LinkedHashSet<>();
    for (String pair : s.substring(q + 1, hash < 0 ? s.length() : hash).split("&")) {
      String value = pair.substring(pair.indexOf('=') + 1);
      if (value.length() >= 8) {
        values.add(value);
      }
    }
    return List.copyOf(values);
  }

  /**
   * What an echo of the secret looks like after encoding: URL-encoded (form and RFC 3986 style,
   * upper and lower hex), JSON-escaped, HTML-escaped, and base64 (standard and URL-safe) in the
   * three alignments the runner's {@code ValueEncoders.EnumerateBase64Variations} masks. Only forms
   * that differ from the secret itself.
   */
  static List<String> encodings(String secret) {
    Set<String> forms = new LinkedHashSet<>();
    String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    forms.add(form);
    String rfc3986 = form.replace("+", "%20").replace("%7E", "~").replace("*", "%2A");
    forms.add(rfc3986);
    forms.add(lowerHex(form));
    forms.add(lowerHex(rfc3986));
    String json = new String(JsonStringEncoder.getInstance().quoteAsString(secret));
    for (String j : List.of(json, json.replace("/", "\\/"))) {
      forms.add(j);
      forms.add(asciiJson(j));
    }
    forms.add(
        secret
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;")
            .replace("'", "&#39;"));
    forms.add(
        secret
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&#34;")
            .replace("'", "&#x27;"));
    forms.addAll(base64(secret));
    forms.remove(secret);
    forms.removeIf(f -> f.length() < MIN_ENCODED);
    return List.copyOf(forms);
  }

  /**
   * Base64 of the secret as it appears inside a longer encoded text ({@code Basic
   * base64(user:secret)}): the bytes before it shift it by 0, 1 or 2 bytes, so the digits of {@code
   * secret[offset:]} appear for offsets 0 to 2. The last digit of an unaligned tail mixes in the
   * bits of whatever follows, so the form without it is kept too.
   */
  static List<String> base64(String secret) {
    Set<String> forms = new LinkedHashSet<>();
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (int offset = 0; offset <= 2 && offset < bytes.length; offset++) {
      byte[] tail = Arrays.copyOfRange(bytes, offset, bytes.length);
      String digits = Base64.getEncoder().withoutPadding().encodeToString(tail);
      for (String d :
          tail.length % 3 == 0
              ? List.of(digits)
              : List.of(digits, digits.substring(0, digits.length() - 1))) {
        forms.add(d);
        forms.add(d.replace('+', '-').replace('/', '_'));
      }
    }
    return List.copyOf(forms);
  }

  private static String lowerHex(String encoded) {
    Matcher m = Pattern.compile("%[0-9A-F]{2}").matcher(encoded);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, m.group().toLowerCase(Locale.ROOT));
    }
    return m.appendTail(sb).toString();
  }

  /** JSON with every non-ASCII character as {@code \\uXXXX}, as many servers write it. */
  private static String asciiJson(String json) {
    StringBuilder sb = new StringBuilder(json.length());
    for (char c : json.toCharArray()) {
      if (c < 0x80) {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  /** The text a base64 credential decodes to, or null when it is not base64 of UTF-8 text. */
  private static @Nullable String base64Text(String b64) {
    try {
      byte[] raw = Base64.getMimeDecoder().decode(b64);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
  }
}
