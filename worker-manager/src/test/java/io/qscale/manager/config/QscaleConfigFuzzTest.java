package io.qscale.manager.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.qscale.rules.config.ScalingConfig;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a {@code qscale.yml} holds, reading it either works or fails with one line that names
 * where (a path, or the file for broken YAML): never another exception, never a stack trace.
 */
class QscaleConfigFuzzTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<String> KNOWN = List.of("redis", "queue", "scaling", "scaler", "manager", "http", "minWorkers",
            "maxWorkers", "policies", "maxSnapshotAge", "thresholds", "targetTracking", "latency", "queueUp", "cpuUp",
            "idleFor", "stepUp", "cooldownUp", "metric", "targetPerWorker", "tolerance", "scaleUp", "scaleDown", "window",
            "select", "type", "value", "period", "mode", "port", "bind", "token", "targetLatency", "nonsense");

    @Property(tries = 1000)
    void aDocumentReadsOrFailsWithOneLineNamingWhere(@ForAll("documents") String yaml) {
        try {
            QscaleConfig.parse(yaml, ScalingConfig.thresholdsProfile(), "qscale.yml");
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            assertThat(message).as("for:\n%s", yaml).isNotBlank().doesNotContain("\n\tat ").doesNotContain("Exception")
                    .doesNotContain("com.fasterxml").doesNotContain("java.lang");
            assertThat(message.lines().count()).as("one line for:\n%s\n%s", yaml, message).isEqualTo(1);
            assertThat(message).as("names where, for:\n%s", yaml)
                    .matches("^(qscale\\.yml|the config|[a-zA-Z]+(\\[\\d+\\])?(\\.[a-zA-Z]+(\\[\\d+\\])?)*) .*");
        }
    }

    @Provide
    Arbitrary<String> documents() {
        return Arbitraries.oneOf(tree(3).map(QscaleConfigFuzzTest::yaml), Arbitraries.strings().ofMaxLength(80));
    }

    private static String yaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mappings of (mostly) known keys to scalars, lists or further mappings. */
    private static Arbitrary<JsonNode> tree(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(Arbitraries.integers().between(-5, 70000).map(NODES::numberNode),
                Arbitraries.doubles().between(-2, 2).map(NODES::numberNode),
                Arbitraries.of("thresholds", "latency", "5m", "soon", "max", "pods", "auto", "manual:3", "", "0.0.0.0")
                        .map(NODES::textNode),
                Arbitraries.of(true, false).map(NODES::booleanNode), Arbitraries.just(NODES.nullNode()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> child = tree(depth - 1);
        Arbitrary<JsonNode> mapping = Arbitraries.of(KNOWN).list().ofMaxSize(4).flatMap(keys ->
                child.list().ofSize(keys.size()).map(values -> {
                    ObjectNode node = NODES.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        node.set(keys.get(i), values.get(i));
                    }
                    return (JsonNode) node;
                }));
        Arbitrary<JsonNode> list = child.list().ofMaxSize(3).map(values -> {
            var array = NODES.arrayNode();
            values.forEach(array::add);
            return (JsonNode) array;
        });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, mapping), net.jqwik.api.Tuple.of(2, leaf),
                net.jqwik.api.Tuple.of(1, list));
    }
}
