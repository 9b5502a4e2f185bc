package io.qscale.cli.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qscale.core.json.Json;
import io.qscale.sim.Elasticity;
import io.qscale.sim.SimulationResult;
import io.qscale.sim.SimulationSettings;
import io.qscale.sim.Trace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report of {@code qscale simulate --report}: one self-contained page (Chart.js, as the
 * web dashboard uses it, is inlined, so the file opens anywhere without a network): the scores
 * table, demand against each policy's supply, and each policy's queue, over time. Stateless.
 */
public final class SimulationReport {

    private static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";

    private SimulationReport() {
    }

    public static String html(Trace trace, SimulationSettings settings, List<SimulationResult> results,
            List<Elasticity.Scores> scores) {
        ObjectNode data = Json.mapper().createObjectNode();
        int[] demand = Elasticity.demand(results.get(0));
        ArrayNode seconds = data.putArray("seconds");
        ArrayNode demandSeries = data.putArray("demand");
        for (int i = 0; i < demand.length; i++) {
            seconds.add(results.get(0).second(i));
            demandSeries.add(demand[i]);
        }
        ArrayNode policies = data.putArray("policies");
        for (SimulationResult result : results) {
            ObjectNode policy = policies.addObject();
            policy.put("name", result.policy());
            ArrayNode supply = policy.putArray("supply");
            ArrayNode queue = policy.putArray("queue");
            for (int i = 0; i < result.samples().size(); i++) {
                supply.add(result.supply(i));
                queue.add(result.queue(i));
            }
        }
        StringBuilder rows = new StringBuilder();
        for (Elasticity.Scores s : scores) {
            rows.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td>"
                    + "<td>%.1f</td><td>%.1f s</td><td>%.1f s</td><td>%.1f s</td><td>%,.0f</td><td>%d</td></tr>%n", escape(s.name()),
                    s.underAccuracy(), s.overAccuracy(), s.underTimeshare(), s.overTimeshare(), s.instability(), s.jitter(),
                    s.waitP50Ms() / 1000.0, s.waitP95Ms() / 1000.0, s.waitMaxMs() / 1000.0, s.workerSeconds(), s.scalingActions()));
        }
        String title = "qscale simulate: " + escape(trace.name());
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title>\n"
                + "<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
                + "td,th{padding:.3em .7em;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}"
                + ".chart{max-width:1100px;height:320px;margin:1.5em 0}</style>\n"
                + "<script>" + chartJs().replace("</script", "<\\/script") + "</script></head><body>\n"
                + "<h1>" + title + "</h1>\n"
                + String.format(Locale.ROOT, "<p>%,d s, %,d tasks; start-up %.1f s, %s processing times, seed %d; demand: the workers "
                        + "the arriving work needs at %.0f %% utilization (docs/simulator.md).</p>%n", trace.seconds().size(),
                        trace.tasks(), settings.startup().toMillis() / 1000.0,
                        settings.serviceTimes().name().toLowerCase(Locale.ROOT), settings.seed(), settings.targetUtilization() * 100)
                + "<table><tr><th>policy</th><th>θU %</th><th>θO %</th><th>τU %</th><th>τO %</th><th>instability %</th>"
                + "<th>jitter /h</th><th>wait p50</th><th>wait p95</th><th>wait max</th><th>worker-s</th><th>actions</th></tr>\n"
                + rows + "</table>\n"
                + "<div class=\"chart\"><canvas id=\"workers\"></canvas></div>\n"
                + "<div class=\"chart\"><canvas id=\"queue\"></canvas></div>\n"
                + "<script>\nconst data = " + data + ";\n"
                + "const colors = ['#1f77b4','#d62728','#2ca02c','#9467bd','#ff7f0e','#8c564b','#e377c2'];\n"
                + "const line = (label, values, color, dash) => ({label, data: values, borderColor: color, backgroundColor: color,"
                + " borderDash: dash || [], pointRadius: 0, borderWidth: 1.5, stepped: true});\n"
                + "const axes = (y) => ({x: {title: {display: true, text: 'second'}}, y: {beginAtZero: true, title: {display: true, text: y}}});\n"
                + "new Chart(document.getElementById('workers'), {type: 'line', data: {labels: data.seconds, datasets:"
                + " [line('demand', data.demand, '#000', [4, 3])].concat(data.policies.map((p, i) => line('supply ' + p.name,"
                + " p.supply, colors[i % colors.length])))}, options: {animation: false, maintainAspectRatio: false,"
                + " plugins: {title: {display: true, text: 'demand and supply (workers)'}}, scales: axes('workers')}});\n"
                + "new Chart(document.getElementById('queue'), {type: 'line', data: {labels: data.seconds, datasets:"
                + " data.policies.map((p, i) => line('queue ' + p.name, p.queue, colors[i % colors.length]))}, options:"
                + " {animation: false, maintainAspectRatio: false, plugins: {title: {display: true, text: 'tasks waiting'}},"
                + " scales: axes('tasks')}});\n"
                + "</script></body></html>\n";
    }

    private static String chartJs() {
        try (InputStream in = SimulationReport.class.getClassLoader().getResourceAsStream(CHART_JS)) {
            if (in == null) {
                throw new IllegalStateException("Chart.js is missing from the class path (" + CHART_JS + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
