package dev.flo.actions.provider.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where backups live: {@code s3://bucket/prefix} or {@code file:///path}. {@code prefix} is a key
 * prefix ending in {@code /} (or empty) inside the bucket or the folder.
 */
public record StoreLocation(
    String scheme, @Nullable String bucket, @Nullable Path folder, String prefix) {

  /** Parses a location; the message says what is wrong. */
  public static StoreLocation parse(String value) {
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URI (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "s3" -> {
        // Bucket names may contain dots and digits only, which URI parses as a host; getAuthority
        // covers the rest.
        String bucket = uri.getAuthority();
        if (bucket == null || bucket.isBlank()) {
          throw new IllegalArgumentException("names no bucket (write s3://BUCKET/prefix)");
        }
        return new StoreLocation("s3", bucket, null, folderPrefix(uri.getPath()));
      }
      case "file" -> {
        if (uri.getPath() == null
            || uri.getPath().isEmpty()
            || (uri.getAuthority() != null && !uri.getAuthority().isEmpty())) {
          throw new IllegalArgumentException(
              "is not an absolute file URI (write file:///absolute/path)");
        }
        return new StoreLocation("file", null, Path.of(uri.getPath()), "");
      }
      default -> throw new IllegalArgumentException("does not start with s3:// or file://");
    }
  }

  public boolean isS3() {
    return scheme.equals("s3");
  }

  @Override
  public String toString() {
    return isS3()
        ? "s3://" + bucket + "/" + prefix
        : java.util.Objects.requireNonNull(folder, "a file location has a folder")
            .toUri()
            .toString();
  }

  private static String folderPrefix(String path) {
    String p = path == null ? "" : path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p.isEmpty() || p.endsWith("/") ? p : p + "/";
  }
}
