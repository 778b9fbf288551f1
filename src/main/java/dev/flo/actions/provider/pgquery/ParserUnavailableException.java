package dev.flo.actions.provider.pgquery;

/** libpg_query cannot be loaded on this machine, so nothing can be parsed with it. */
public class ParserUnavailableException extends Exception {
  public ParserUnavailableException(String message) {
    super(message);
  }
}
