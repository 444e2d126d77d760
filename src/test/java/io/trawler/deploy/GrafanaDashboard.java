package io.trawler.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Grafana dashboard in k8s/dashboards: its panels and the PromQL queries they run. */
final class GrafanaDashboard {

    static final Path FILE = Path.of("k8s/dashboards/trawler.json");

    private final JsonNode json;

    private GrafanaDashboard(JsonNode json) {
        this.json = json;
    }

    static GrafanaDashboard read() {
        try {
            return new GrafanaDashboard(new ObjectMapper().readTree(FILE.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Panels that query, including those inside collapsed rows; rows themselves do not. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        json.path("panels").forEach(panel -> collectPanels(panel, panels));
        return panels;
    }

    /** Every query: each panel target's expression and each query variable's query. */
    List<String> queries() {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
        }
        for (JsonNode variable : json.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                queries.add(query.isTextual() ? query.asText() : query.path("query").asText());
            }
        }
        return queries;
    }

    private static void collectPanels(JsonNode panel, List<JsonNode> panels) {
        if (panel.path("type").asText().equals("row")) {
            panel.path("panels").forEach(child -> collectPanels(child, panels));
        } else {
            panels.add(panel);
        }
    }
}
