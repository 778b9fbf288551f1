package dev.flo.actions.provider.vercel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v13/deployments} ({@code vercel/sdk:
 * src/models/createdeploymenthas1.ts}).
 *
 * @param project the project id; also sent as {@code name}, which the API requires
 * @param target {@code production}, a custom environment's slug, or null for a preview
 * @param meta key/value labels shown in Vercel (commit, repository, run)
 * @param gitMetadata commit facts Vercel shows and filters by ({@code commitSha}, {@code
 *     commitRef}, {@code remoteUrl})
 */
public record NewDeployment(
    String project,
    @Nullable String target,
    List<VercelFile> files,
    Map<String, String> meta,
    Map<String, String> gitMetadata) {
  String toJson(ObjectMapper json) {
    ObjectNode body = json.createObjectNode();
    body.put("name", project);
    body.put("project", project);
    if (target != null) {
      body.put("target", target);
    }
    var list = body.putArray("files");
    for (VercelFile f : files) {
      list.addObject()
          .put("file", f.file())
          .put("sha", f.sha())
          .put("size", f.size())
          .put("mode", f.mode());
    }
    ObjectNode m = body.putObject("meta");
    meta.forEach(m::put);
    if (!gitMetadata.isEmpty()) {
      ObjectNode g = body.putObject("gitMetadata");
      gitMetadata.forEach(g::put);
    }
    return body.toString();
  }
}
