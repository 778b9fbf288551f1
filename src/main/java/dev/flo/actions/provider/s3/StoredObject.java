package dev.flo.actions.provider.s3;

/** One object of a listing: its key and size in bytes. */
public record StoredObject(String key, long size) {}
