# The one image every flo-actions step runs in (action.yml: `image: docker://ghcr.io/flo-actions/flo-actions:<v>`).
# Build the jar first, then the image:
#   ./mvnw -B -DskipTests package && docker build -t flo-actions .
# The bases are build arguments so the image also builds offline from local bases (.ci/container-test.sh).

# A full JDK 25: only used to find the modules the jar needs and link a runtime with just those.
ARG JDK_IMAGE=eclipse-temurin:25-jdk
# The base the image's files are taken from: glibc, a shell and coreutils for the build's RUN lines, a UTF-8 locale,
# apt for the PostgreSQL clients. The image itself is built from an empty base with only what runs (the rootfs stage).
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${JDK_IMAGE} AS runtime
COPY target/flo-actions.jar /build/flo-actions.jar
COPY src/build/RewriteJar.java /build/RewriteJar.java
# The runtime's modules, listed by hand: jdeps also names java.desktop (24 MB of the 99 MB runtime), reached only
# through optional java.beans/java.awt references (Jackson's Java 7 support, pgjdbc's geometric types) that our
# code never runs. jdk.crypto.ec and jdk.zipfs are loaded through service lookups that jdeps cannot see. jdeps
# still runs as a check: a module it names that is neither listed nor known to be optional fails the build, so a
# new dependency cannot lose a module silently. Proved by the AOT training below (every step's help and dry run,
# a real health check) and the container test's runs, all on this runtime.
# --strip-java-debug-attributes, not --strip-debug: that one also strips native symbols with objcopy, which the
# local JDK image lacks; the rootfs stage strips them with strip instead. --compress=zip-6 (zip-9: 38 KB less): lib/modules 41.8 -> 18.4 MB, the runtime
# 71 -> 49 MB. Without an AOT cache uncompressed modules started faster (313 ms vs 335 ms, infra-feasibility.md
# §5), but the cache holds the classes a step loads: with it, measured 2026-12-03 (health-verify, one check, this
# entrypoint's flags, 10 alternating pairs, load 9), compressed against uncompressed was CPU 0.96x, wall 0.96x.
# java.rmi (0.19 MB): MINA SSHD's ClientSession and ClientChannel have default methods that throw
# java.rmi.RemoteException and ServerException, and the verifier loads those classes when the interface is first
# linked, on every SSH connection: without the module, every Compose deploy failed with "SSH to <host> failed:
# java.rmi.ServerException" (found 2026-12-04; the build's SSH check below now fails on it).
# The jdeps check splits its list with IFS, not tr: the local JDK base has no tr, and the check used to pass there
# without looking.
ARG RUNTIME_MODULES=java.base,java.management,java.naming,java.net.http,java.rmi,java.security.jgss,java.sql,jdk.crypto.ec,jdk.zipfs
RUN found="$(jdeps --ignore-missing-deps --multi-release 25 --print-module-deps /build/flo-actions.jar)" \
 && echo "jdeps: $found; linking: $RUNTIME_MODULES" \
 && [ -n "$found" ] \
 && IFS=, && for m in $found; do \
      case ",$RUNTIME_MODULES,java.desktop," in *",$m,"*) ;; *) echo "jdeps names $m, which RUNTIME_MODULES lacks: add it" >&2; exit 1 ;; esac; \
    done && unset IFS \
 && jlink --add-modules "$RUNTIME_MODULES" \
          --strip-java-debug-attributes --compress=zip-6 --no-man-pages --no-header-files --output /build/java
# The image's jar: the release jar without the other architecture's native libraries (libpg_query and zstd-jni
# carry linux x86-64 and aarch64; an image is one architecture): 1.0 MB less. src/build/RewriteJar.java writes
# it again at level 9 as the release build does. The architecture as this stage's JVM names it (os.arch), with
# sh alone: the local JDK base has no uname or sed.
RUN arch=$(java -XshowSettings:properties -version 2>&1 | while read -r k eq v; do if [ "$k" = os.arch ]; then echo "$v"; fi; done) \
 && case "$arch" in \
      amd64) drop="--drop natives/libpg_query/linux-aarch64/ --drop linux/aarch64/" ;; \
      aarch64) drop="--drop natives/libpg_query/linux-x86_64/ --drop linux/amd64/" ;; \
      *) echo "no native libraries in the jar for $arch" >&2; exit 1 ;; \
    esac \
 && java /build/RewriteJar.java $drop /build/flo-actions.jar

# The PostgreSQL clients and every shared library the image runs, gathered into /rootfs on the full base. The image
# itself is /rootfs alone (FROM scratch below): no apt, dpkg, perl, bash or coreutils, only what runs.
FROM ${BASE_IMAGE} AS rootfs
# PostgreSQL clients for db-backup and db-restore. pg_dump refuses servers newer than itself, so the image
# carries the client of every supported major (14 to 18) and db-backup picks by the server's version
# (/usr/lib/postgresql/<major>/bin, PostgresClients: never Debian's /usr/bin wrappers, which need perl). Bookworm
# ships only 15, so the others come from the PostgreSQL project's own apt repository (PGDG), set up with the
# script Debian's postgresql-common ships for exactly that (it uses the signing key inside the package):
# postgresql-common, its perl and apt itself stay in this stage. Empty PG_CLIENT_PACKAGES = no apt at all: the
# offline container test builds that way, because apt cannot reach a mirror inside its docker build (its local
# base copies the host's clients to /usr/lib/postgresql/<major>/bin, and strip, instead). migrate's linter needs
# no package: the jar carries libpg_query (natives/README.md).
ARG PG_CLIENT_PACKAGES="postgresql-client-14 postgresql-client-15 postgresql-client-16 postgresql-client-17 postgresql-client-18"
RUN if [ -n "$PG_CLIENT_PACKAGES" ]; then \
      apt-get update \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-common ca-certificates binutils \
      && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $PG_CLIENT_PACKAGES; \
    fi
COPY --from=runtime /build/java /opt/java
COPY src/build/stub-libldap.sh /build/stub-libldap.sh
# What the image holds, at the same paths as here, in a merged-/usr layout (/bin, /lib, /lib64 link into /usr):
# - the linked runtime, its native libraries stripped of their symbol tables (strip, from binutils: the apt line
#   above, or offline the local base): libjvm.so 29.8 -> 24.8 MB. Only a crash report's native frames lose their
#   names (hs_err prints addresses); the dynamic symbols JNI and agents use stay; without lib/jrt-fs.jar (read
#   only by another JDK that opens this runtime's jrt:/ file system) and lib/classlist (read only by a plain
#   -Xshare:dump; the AOT cache below comes out byte for byte the same size without it): 0.19 MB;
# - of each client only pg_dump and pg_restore, and psql of the newest major alone (src/main/java names no other
#   tool; PostgresClients runs pg_restore's script through the oldest psql not older than the pair, and a newer
#   psql reads every older script: 0.79 MB less for each older major); the package's other tools, translations
#   and man pages stay behind; /usr/bin links to the newest major's, for a shell user;
# - /bin/sh (dash: `docker run --entrypoint /bin/sh`, bench/vs-node.sh's no-op baseline);
# - every shared library those, the JVM and the runtime's native libraries load, as the dynamic loader resolves
#   them (`ld.so --list`, what ldd runs; bookworm's glibc has the files and DNS resolvers built in, no NSS
#   modules to add). Libraries loaded with dlopen are not listed: the JDK's GSS-API library (Kerberos, which
#   libpq links anyway) and OpenSSL's optional providers and config. zstd-jni and libpg_query bring their own
#   libraries in the jar;
# - libpq's LDAP library as a 14 KB stub (src/build/stub-libldap.sh, run before the libraries are gathered, says
#   how and checks it): libpq calls it only for an ldap:// line in a pg_service.conf, which no step writes, and
#   the real one loads liblber, libsasl2 and GnuTLS with nettle, gmp, p11-kit, libunistring, libidn2 and libtasn1
#   (7.3 MB of the image). Such a lookup now fails with libpq's "could not create LDAP structure";
# - /etc/passwd and /etc/group (libpq and the JVM look up the user), the C.UTF-8 locale (LANG below: without
#   it glibc falls back to ASCII and the JVM cannot name a non-ASCII file), the CA bundle where the base has one
#   (libpq's sslrootcert=system reads OpenSSL's default /usr/lib/ssl/cert.pem), and /tmp.
RUN set -eu; R=/rootfs; \
    mkdir -p $R/usr/bin $R/usr/lib $R/usr/lib64 $R/usr/sbin $R/etc $R/root $R/tmp $R/opt; chmod 1777 $R/tmp; \
    for d in bin lib lib64 sbin; do ln -s usr/$d $R/$d; done; \
    cp -R /opt/java $R/opt/java; strip --strip-unneeded $R/opt/java/lib/*.so $R/opt/java/lib/server/libjvm.so; \
    rm $R/opt/java/lib/jrt-fs.jar $R/opt/java/lib/classlist; \
    put() { [ -e "$R$1" ] || { mkdir -p "$R${1%/*}" && cp -L "$1" "$R$1"; }; }; \
    for ld in /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1; do [ -e $ld ] && break; done; \
    newest=; \
    for bin in /usr/lib/postgresql/*/bin; do \
      for t in pg_dump pg_restore; do put $bin/$t; done; newest=$bin; \
    done; \
    [ -n "$newest" ] || { echo "no PostgreSQL client under /usr/lib/postgresql/*/bin" >&2; exit 1; }; \
    put $newest/psql; \
    for t in pg_dump pg_restore psql; do ln -sf $newest/$t $R/usr/bin/$t; done; \
    sh /build/stub-libldap.sh $ld $R/usr/lib/postgresql/*/bin/*; \
    put /bin/sh; put $ld; \
    for f in $R/usr/lib/postgresql/*/bin/* $R/bin/sh /opt/java/bin/* /opt/java/lib/*.so /opt/java/lib/server/libjvm.so; do \
      $ld --list "$f" | while read -r name arrow path rest; do \
        case "$arrow $path" in "=> /"*) put "$path" ;; esac; \
        case "$name" in /*) put "$name" ;; esac; \
      done; \
    done; \
    put /etc/passwd; put /etc/group; \
    if [ -d /usr/lib/locale/C.utf8 ]; then mkdir -p $R/usr/lib/locale && cp -R /usr/lib/locale/C.utf8 $R/usr/lib/locale/; fi; \
    if [ -e /etc/ssl/certs/ca-certificates.crt ]; then \
      put /etc/ssl/certs/ca-certificates.crt; mkdir -p $R/usr/lib/ssl; ln -s /etc/ssl/certs/ca-certificates.crt $R/usr/lib/ssl/cert.pem; \
    fi
# Measured offline with Debian's postgresql-client-15 (bench/README.md, 'Image and jar size'): pg_dump and
# pg_restore are 0.65 MB, psql 0.79; the libraries only they load (libpq, OpenSSL, Kerberos, readline, the LDAP
# stub) 8.0 MB, shared by every major (one libpq; 15.3 MB with the real LDAP library). Five majors with one psql:
# an estimated ~13.3 MB with lz4 and zstd for pg_dump 16+, against ~41 MB of packages (with their other tools,
# translations and man pages) on bookworm-slim's ~75 MB before.

FROM scratch
COPY --from=rootfs /rootfs /
# C.UTF-8 (glibc's locale, copied above): file names and process output are UTF-8 whatever the runner's locale.
ENV LANG=C.UTF-8 \
    JAVA_HOME=/opt/java \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
COPY --from=runtime /build/flo-actions.jar /opt/flo-actions/flo-actions.jar

# The AOT cache (JDK 25, JEP 483/514): one training JVM (dev.flo.actions.AotTraining) walks every step's help
# and dry run, then each step's real path against loopback servers (a build is offline): health-verify,
# slack-notify, deploy-backend, deploy-frontend, rollback and deploy over HTTPS with a self-signed certificate
# trusted by that JVM only (TLS set-up and the CA store in the cache), lint-gate over each report format, and
# migrate, db-backup and db-restore up to pgjdbc's refused connect. The cache keeps those classes loaded and
# linked. Trained here, with the linked runtime and jar path that will use it: a cache from another JDK or class
# path is rejected. Same class path as the ENTRYPOINT's, so it applies to every step. .ci/container-test.sh checks
# that a real run loads its classes from it.
# --enable-native-access as the ENTRYPOINT gives it: a cache trained without it is refused at run time
# ("Mismatched values for property jdk.module.enable.native.access").
# -XX:-AOTRecordTraining: no method profiles or training data (JEP 515) in the cache. They serve C2, which the
# image does not run; at start a replay thread compiled in C1 what the training had compiled, for every step at
# once. Without them (2026-12-04, 24 alternating pairs, slack-notify over HTTPS as the ENTRYPOINT runs it): peak
# 81.4 vs 84.2 MiB, CPU 0.91x, wall 1.00x; health-verify (16 pairs) 66.3 vs 68.6 MiB, CPU 0.90x, wall 0.94x; the
# cache 38.3 vs 40.3 MB. A diagnostic flag, so a JDK without it fails this line, not silently.
RUN /opt/java/bin/java -XX:AOTCacheOutput=/opt/flo-actions/flo-actions.aot \
      -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -XX:+UseSerialGC -Dstdout.encoding=UTF-8 \
      --enable-native-access=ALL-UNNAMED -cp /opt/flo-actions/flo-actions.jar dev.flo.actions.AotTraining
# deploy-backend with Compose over SSH on this runtime, up to the host's refusal of the key (a MINA server on
# loopback): the build fails if the runtime cannot link the SSH client, as it once could not (java.rmi, above).
# Outside the cache, which would grow by 5.2 MB for a step that runs for minutes (AotTraining.sshCheck).
RUN /opt/java/bin/java -XX:AOTCache=/opt/flo-actions/flo-actions.aot -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
      --enable-native-access=ALL-UNNAMED -cp /opt/flo-actions/flo-actions.jar dev.flo.actions.AotTraining ssh-check

# No USER and no WORKDIR: GitHub runs container actions as root with /github/workspace as the working
# directory (docs: dockerfile-support). Files a step creates there are given back to the workspace owner
# (Workspace.giveBack), which needs root's CAP_CHOWN. The step name comes from action.yml's args:
# `docker run <image> <step>`.
# The JVM flags, each chosen by a side-by-side measurement (2026-12-03, health-verify with one passing check as
# this entrypoint runs it, alternating pairs of 10, medians, 2 shared cores under load 13-17, so CPU and memory
# are the steadier figures):
# -XX:TieredStopAtLevel=1 (C1 only): CPU 0.70x and wall 0.83x of full tiered, peak memory 87.1 vs 88.9 MiB;
#   steps are short and C2's compiler threads would not pay off.
# -XX:+UseSerialGC: CPU 0.95x of G1 (the default on 2+ CPUs), peak memory 87.0 vs 89.5 MiB; one short-lived
#   thread of work with heaps of tens of MiB has nothing for G1's concurrent work to do.
# -XX:-UsePerfData: CPU 0.94x (no hsperfdata file to create and mmap; nobody attaches jstat to a step).
# -XX:UserThreadWaitAttemptsAtExit=0: HotSpot otherwise waits up to 30 x 10 ms at exit for threads still in
#   native code. The launcher closes the step's HTTP client (last line to exit: 317-342 ms before, 10-120 ms
#   after, ExitWaitTest); this is the belt for a library thread we have not met yet.
# No heap size: the JVM's default (a quarter of the memory) was not measured against db-backup here.
# Two more, measured 2026-12-04 (16 alternating pairs, load about 1; slack-notify over HTTPS, health-verify over
# plain HTTP; bench/README.md):
# -XX:CompileCommand=exclude,...StackMapGenerator::processBlock: the JDK spins ~20 classes at run time that the
#   cache cannot hold (a record's equals in the HTTP client, pattern switches in its TLS code, reflection), each
#   through the class-file API, and C1 compiling this one method took 6.7 MB of compiler arena, the largest of the
#   run (`-XX:CompileCommand=memstat`; the next is 1.3 MB). Left interpreted: peak 85.8 vs 90.7 MiB, CPU 0.96x,
#   wall 0.97x. (quiet: no line about it on every run.)
# -cp ... dev.flo.actions.Main --enable-native-access=ALL-UNNAMED instead of -jar: skips Boot, the jar's
#   Java-8-readable entry point, whose reflective hand-over spins method-handle classes; the flag replaces the
#   manifest's Enable-Native-Access. Together with the line above: slack-notify peak 84.1 vs 90.6 MiB, CPU 0.94x,
#   wall 0.96x; health-verify 68.7 vs 75.8 MiB, CPU 0.92x, wall 0.96x.
ENTRYPOINT ["/opt/java/bin/java", "-XX:AOTCache=/opt/flo-actions/flo-actions.aot", "-XX:TieredStopAtLevel=1", \
            "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:UserThreadWaitAttemptsAtExit=0", \
            "-XX:CompileCommand=quiet", \
            "-XX:CompileCommand=exclude,jdk.internal.classfile.impl.StackMapGenerator::processBlock", \
            "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8", "--enable-native-access=ALL-UNNAMED", \
            "-cp", "/opt/flo-actions/flo-actions.jar", "dev.flo.actions.Main"]
