package dev.flo.actions.provider.pgquery;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flo.actions.runtime.Json;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's own grammar through libpg_query (https://github.com/pganalyze/libpg_query, carried
 * in the jar for Linux x86-64 and arm64, see {@link PgQueryLibrary}), called with the FFM API:
 * {@code pg_query_parse} returns the raw parse tree as JSON.
 */
// The FFM binding itself: its restricted calls (downcalls, reinterpret) are the point; the jar's
// manifest and the
// image grant native access.
@SuppressWarnings("restricted")
public final class PgQuery {
  /** {@code PgQueryParseResult}: parse_tree, stderr_buffer, error. */
  private static final StructLayout RESULT =
      MemoryLayout.structLayout(
          ADDRESS.withName("parse_tree"),
          ADDRESS.withName("stderr_buffer"),
          ADDRESS.withName("error"));

  /** {@code PgQueryError}: message, funcname, filename, lineno, cursorpos, context. */
  private static final StructLayout ERROR =
      MemoryLayout.structLayout(
          ADDRESS.withName("message"),
          ADDRESS.withName("funcname"),
          ADDRESS.withName("filename"),
          JAVA_INT.withName("lineno"),
          JAVA_INT.withName("cursorpos"),
          ADDRESS.withName("context"));

  private static @Nullable PgQuery instance;

  private final MethodHandle parse;
  private final MethodHandle free;
  private final String source;

  private PgQuery(SymbolLookup lib, String source) throws ParserUnavailableException {
    Linker linker = Linker.nativeLinker();
    parse =
        linker.downcallHandle(
            symbol(lib, "pg_query_parse", source), FunctionDescriptor.of(RESULT, ADDRESS));
    free =
        linker.downcallHandle(
            symbol(lib, "pg_query_free_parse_result", source), FunctionDescriptor.ofVoid(RESULT));
    this.source = source;
  }

  private static MemorySegment symbol(SymbolLookup lib, String name, String source)
      throws ParserUnavailableException {
    return lib.find(name)
        .orElseThrow(
            () ->
                new ParserUnavailableException(
                    source + " has no " + name + "; it is not libpg_query 15."));
  }

  /**
   * The parser, loaded once per process: the copy the jar carries for this platform, else a system
   * one.
   */
  public static synchronized PgQuery load() throws ParserUnavailableException {
    if (instance == null) {
      instance =
          load(
              PgQueryLibrary.Platform.current(),
              PgQueryLibrary.SYSTEM_NAMES,
              Path.of(System.getProperty("java.io.tmpdir")));
    }
    return instance;
  }

  /** A fresh load for a given platform: the seam that lets tests pose as another platform. */
  static PgQuery load(PgQueryLibrary.Platform platform, List<String> systemNames, Path tempRoot)
      throws ParserUnavailableException {
    PgQueryLibrary.Opened lib = PgQueryLibrary.open(platform, systemNames, tempRoot);
    return new PgQuery(lib.lookup(), lib.source());
  }

  /**
   * Where the library came from: the path the carried copy was extracted to, or the system
   * library's name.
   */
  public String source() {
    return source;
  }

  /**
   * One statement's parse tree: the first {@code stmts[].stmt} node, or an error with the server's
   * message.
   */
  public Parsed parse(String sql) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment result =
          (MemorySegment) parse.invokeExact((SegmentAllocator) arena, arena.allocateFrom(sql));
      try {
        MemorySegment error =
            result.get(ADDRESS, RESULT.byteOffset(MemoryLayout.PathElement.groupElement("error")));
        if (!error.equals(MemorySegment.NULL)) {
          MemorySegment e = error.reinterpret(ERROR.byteSize());
          String message = e.get(ADDRESS, 0).reinterpret(Integer.MAX_VALUE).getString(0);
          return new Parsed(null, message);
        }
        String json = result.get(ADDRESS, 0).reinterpret(Integer.MAX_VALUE).getString(0);
        JsonNode stmts = Json.MAPPER.readTree(json).path("stmts");
        return new Parsed(stmts.isEmpty() ? null : stmts.get(0).path("stmt"), null);
      } finally {
        free.invokeExact(result);
      }
    } catch (IOException e) {
      return new Parsed(null, "unreadable parse tree: " + e.getMessage());
    } catch (Throwable t) {
      throw new IllegalStateException("libpg_query call failed", t);
    }
  }

  /**
   * @param tree {@code {"IndexStmt": {...}}} and so on, or null
   * @param error the parser's message when the statement is not valid SQL, else null
   */
  public record Parsed(@Nullable JsonNode tree, @Nullable String error) {}
}
