# shellcheck shell=bash
# Sourced by the bench scripts that run a step as the image runs it: the JVM flags read from the Dockerfile, so a
# benchmark and the image cannot drift apart.
#   IMAGE_RUN_FLAGS    the ENTRYPOINT's flags, less the cache (-XX:AOTCache=), the class path and the main class;
#                      run as: java -XX:AOTCache=<cache> $IMAGE_RUN_FLAGS -cp <jar> dev.flo.actions.Main <step> ...
#   IMAGE_TRAIN_FLAGS  the AOT training line's flags, less the output (-XX:AOTCacheOutput=) and the class path;
#                      train as: java -XX:AOTCacheOutput=<cache> $IMAGE_TRAIN_FLAGS -cp <jar> dev.flo.actions.AotTraining
# Run from the repository root.
IMAGE_RUN_FLAGS=$(sed -n '/^ENTRYPOINT/,/]$/p' Dockerfile | grep -o '"-[^"]*"' | tr -d '"' \
  | grep -v -e '^-cp$' -e '^-XX:AOTCache=' | tr '\n' ' ')
IMAGE_TRAIN_FLAGS=$(sed -n '/^RUN .*-XX:AOTCacheOutput=/,/AotTraining$/p' Dockerfile | tr -d '\\' | tr -s ' \n' '\n\n' \
  | grep '^-' | grep -v -e '^-cp$' -e '^-XX:AOTCacheOutput=' | tr '\n' ' ')
[ -n "$IMAGE_RUN_FLAGS" ] && [ -n "$IMAGE_TRAIN_FLAGS" ] \
  || { echo "bench/image-flags.sh: no ENTRYPOINT or AOT training line found in the Dockerfile" >&2; return 1; }
