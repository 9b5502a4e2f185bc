package io.qscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.qscale.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compose file's monitoring profile hangs together: Prometheus scrapes the manager where it
 * listens and loads the alerts, Grafana's data source is that Prometheus, and the provisioned
 * dashboard resolves its data source.
 */
class MonitoringFilesTest {

    private static final Path ROOT = Path.of("..");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    @Test
    void prometheusScrapesTheManagerInItsNetworkNamespaceAndLoadsTheAlerts() throws Exception {
        JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
        JsonNode prometheus = compose.at("/services/prometheus");
        JsonNode config = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());

        assertThat(texts(prometheus.get("profiles"))).containsExactly("monitoring");
        assertThat(prometheus.get("network_mode").asText()).isEqualTo("service:manager");
        assertThat(texts(prometheus.get("volumes"))).contains(
                "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                "./deploy/prometheus/qscale-alerts.yml:/etc/prometheus/qscale-alerts.yml:ro");
        assertThat(texts(config.get("rule_files"))).containsExactly("qscale-alerts.yml");
        assertThat(texts(config.at("/scrape_configs/0/static_configs/0/targets")))
                .as("the manager's API where it binds by default").containsExactly("127.0.0.1:8080");
        assertThat(texts(compose.at("/services/manager/ports"))).contains("127.0.0.1:9090:9090");
    }

    @Test
    void grafanaIsProvisionedWithThatPrometheusAndTheDashboard() throws Exception {
        JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
        JsonNode source = YAML.readTree(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml").toFile())
                .at("/datasources/0");
        JsonNode provider = YAML.readTree(ROOT.resolve("deploy/grafana/provisioning/dashboards/qscale.yml").toFile())
                .at("/providers/0");
        JsonNode dashboard = Json.mapper().readTree(ROOT.resolve("deploy/grafana/qscale-dashboard.json").toFile());

        assertThat(texts(compose.at("/services/grafana/profiles"))).containsExactly("monitoring");
        assertThat(source.get("url").asText()).isEqualTo("http://manager:9090");
        assertThat(texts(compose.at("/services/grafana/volumes"))).contains(
                "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./deploy/grafana/qscale-dashboard.json:" + provider.at("/options/path").asText() + "/qscale-dashboard.json:ro");
        List<String> variables = new ArrayList<>();
        dashboard.at("/templating/list").forEach(v -> variables.add(v.get("name").asText() + ":" + v.get("type").asText()));
        assertThat(variables).as("panels name their data source ${DS_PROMETHEUS}: a provisioned dashboard needs the variable")
                .contains("DS_PROMETHEUS:datasource");
    }
}
