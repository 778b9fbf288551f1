package dev.flo.actions.provider.s3;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/**
 * SHA-256 of a stored object, by OpenSSL's libcrypto when the system has it (libpq, which pg_dump
 * needs, depends on it, so the image does). The image runs C1 only, and C1 has no intrinsic for the
 * JDK's SHA-256: it hashes about 80 MB/s there against libcrypto's 1 GB/s (SHA extensions), which
 * on a dump that compresses 5:1 costs more CPU than zstd itself. Without libcrypto (or native
 * access) it is the JDK's own.
 */
public final class Sha256 {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final @Nullable Functions NATIVE = Functions.load();

  private Sha256() {}

  /** A new SHA-256 digest: libcrypto's when it loads, else the JDK's. */
  public static MessageDigest create() {
    Functions f = NATIVE;
    return f != null ? new Native(f) : jdk();
  }

  /** The JDK's SHA-256 (tests compare with it). */
  static MessageDigest jdk() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@link #create()} gives libcrypto's. */
  static boolean isNative() {
    return NATIVE != null;
  }

  /** libcrypto's EVP digest calls (https://docs.openssl.org/3.0/man3/EVP_DigestInit/). */
  private record Functions(
      MethodHandle newContext,
      MethodHandle freeContext,
      MethodHandle init,
      MethodHandle update,
      MethodHandle finish,
      MemorySegment sha256) {
    static @Nullable Functions load() {
      try {
        SymbolLookup crypto = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
        Linker linker = Linker.nativeLinker();
        ValueLayout.OfLong sizeT = ValueLayout.JAVA_LONG;
        MethodHandle sha = linker.downcallHandle(find(crypto, "EVP_sha256"), ptr());
        Functions f =
            new Functions(
                linker.downcallHandle(find(crypto, "EVP_MD_CTX_new"), ptr()),
                linker.downcallHandle(
                    find(crypto, "EVP_MD_CTX_free"),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)),
                linker.downcallHandle(
                    find(crypto, "EVP_DigestInit_ex"),
                    FunctionDescriptor.of(
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS)),
                // Critical with heap access: the array is hashed in place, no copy; the call is
                // short and never calls back.
                linker.downcallHandle(
                    find(crypto, "EVP_DigestUpdate"),
                    FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, sizeT),
                    Linker.Option.critical(true)),
                linker.downcallHandle(
                    find(crypto, "EVP_DigestFinal_ex"),
                    FunctionDescriptor.of(
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS)),
                (MemorySegment) sha.invokeExact());
        if (f.sha256().equals(MemorySegment.NULL)) {
          return null;
        }
        // A known answer before it is trusted: SHA-256("abc").
        MessageDigest check = new Native(f);
        check.update(new byte[] {'a', 'b', 'c'});
        byte[] abc = check.digest();
        return MessageDigest.isEqual(abc, jdk().digest(new byte[] {'a', 'b', 'c'})) ? f : null;
      } catch (Throwable e) {
        // No libcrypto 3, no native access (IllegalCallerException), or a failed call: the JDK's.
        return null;
      }
    }

    private static MemorySegment find(SymbolLookup lib, String name) {
      return lib.find(name).orElseThrow(() -> new IllegalArgumentException(name));
    }

    private static FunctionDescriptor ptr() {
      return FunctionDescriptor.of(ValueLayout.ADDRESS);
    }
  }

  /** One libcrypto digest context, freed when this digest is unreachable. */
  private static final class Native extends MessageDigest {
    private final Functions f;
    private final MemorySegment context;
    private final byte[] one = new byte[1];

    Native(Functions f) {
      super("SHA-256");
      this.f = f;
      try {
        this.context = (MemorySegment) f.newContext().invokeExact();
        if (context.equals(MemorySegment.NULL)) {
          throw new IllegalStateException("EVP_MD_CTX_new failed");
        }
        MemorySegment c = context;
        MethodHandle free = f.freeContext();
        CLEANER.register(
            this,
            () -> {
              try {
                free.invokeExact(c);
              } catch (Throwable e) {
                // Freeing at the end of a process: nothing to do about it.
              }
            });
        init();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }

    private void init() {
      check(
          "EVP_DigestInit_ex",
          call(() -> (int) f.init().invokeExact(context, f.sha256(), MemorySegment.NULL)));
    }

    @Override
    protected void engineUpdate(byte input) {
      one[0] = input;
      engineUpdate(one, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      if (len == 0) {
        return;
      }
      java.util.Objects.checkFromIndexSize(offset, len, input.length);
      MemorySegment data = MemorySegment.ofArray(input).asSlice(offset, len);
      check(
          "EVP_DigestUpdate", call(() -> (int) f.update().invokeExact(context, data, (long) len)));
    }

    @Override
    protected byte[] engineDigest() {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment out = arena.allocate(32);
        MemorySegment size = arena.allocate(ValueLayout.JAVA_INT);
        check("EVP_DigestFinal_ex", call(() -> (int) f.finish().invokeExact(context, out, size)));
        byte[] digest = out.toArray(ValueLayout.JAVA_BYTE);
        init();
        return digest;
      }
    }

    @Override
    protected void engineReset() {
      init();
    }

    @Override
    protected int engineGetDigestLength() {
      return 32;
    }

    private static void check(String what, int result) {
      if (result != 1) {
        throw new IllegalStateException(what + " failed");
      }
    }

    private interface Call {
      int run() throws Throwable;
    }

    private static int call(Call c) {
      try {
        return c.run();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
