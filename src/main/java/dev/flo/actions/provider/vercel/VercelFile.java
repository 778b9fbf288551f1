package dev.flo.actions.provider.vercel;

/**
 * One entry of a deployment's {@code files} list, as the CLI sends it ({@code vercel/vercel:
 * packages/client/src/utils/index.ts#prepareFiles}): the path with {@code /} separators, the
 * content's SHA-1, its size, and its Unix mode so executables and symlinks in a Build Output tree
 * survive.
 */
public record VercelFile(String file, String sha, long size, int mode) {}
