package dev.flo.actions.provider.pgquery;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.flo.actions.runtime.Json;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * PostgreSQL's own grammar through libpg_query (https://github.com/pganalyze/libpg_query, Debian
 * {@code libpg-query-dev}), called with the FFM API: {@code pg_query_parse} returns the raw parse tree as JSON.
 */
public final class PgQuery {
  /** {@code PgQueryParseResult}: parse_tree, stderr_buffer, error. */
  private static final StructLayout RESULT = MemoryLayout.structLayout(ADDRESS.withName("parse_tree"), ADDRESS.withName("stderr_buffer"), ADDRESS.withName("error"));

  /** {@code PgQueryError}: message, funcname, filename, lineno, cursorpos, context. */
  private static final StructLayout ERROR =
      MemoryLayout.structLayout(ADDRESS.withName("message"), ADDRESS.withName("funcname"), ADDRESS.withName("filename"), JAVA_INT.withName("lineno"), JAVA_INT.withName("cursorpos"), ADDRESS.withName("context"));

  /** The -dev package's link name, then the runtime package's soname (Debian bookworm {@code libpg-query1504.0}). */
  private static final java.util.List<String> LIBRARY_NAMES = java.util.List.of("libpg_query.so", "libpg_query.so.1504.0");

  private static PgQuery instance;

  private final MethodHandle parse;
  private final MethodHandle free;

  private PgQuery(SymbolLookup lib) {
    Linker linker = Linker.nativeLinker();
    parse = linker.downcallHandle(lib.find("pg_query_parse").orElseThrow(), FunctionDescriptor.of(RESULT, ADDRESS));
    free = linker.downcallHandle(lib.find("pg_query_free_parse_result").orElseThrow(), FunctionDescriptor.ofVoid(RESULT));
  }

  /** The loaded library, or an exception saying how to install it. */
  public static synchronized PgQuery load() throws ParserUnavailableException {
    RuntimeException last = null;
    for (String name : LIBRARY_NAMES) {
      if (instance != null) {
        break;
      }
      try {
        instance = new PgQuery(SymbolLookup.libraryLookup(name, Arena.global()));
      } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
        last = e;
      }
    }
    if (instance == null) {
      throw new ParserUnavailableException("libpg_query could not be loaded (" + last.getMessage() + ").");
    }
    return instance;
  }

  /** One statement's parse tree: the first {@code stmts[].stmt} node, or an error with the server's message. */
  public Parsed parse(String sql) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment result = (MemorySegment) parse.invokeExact((SegmentAllocator) arena, arena.allocateFrom(sql));
      try {
        MemorySegment error = result.get(ADDRESS, RESULT.byteOffset(MemoryLayout.PathElement.groupElement("error")));
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
  public record Parsed(JsonNode tree, String error) {}
}
