package io.qscale.sim;

import io.qscale.rules.validation.Require;
import java.util.Arrays;

/**
 * Scores a simulation with the SPEC Research Group's elasticity metrics, as in BUNGEE (Herbst
 * et al.): demand d(t) is the number of workers the arriving work needs to keep utilization at
 * or below the target, supply s(t) the workers ready to take work; per second,
 * <pre>
 *   θU = 100/T Σ max(d − s, 0) / max(d, 1)     θO = 100/T Σ max(s − d, 0) / max(d, 1)
 *   τU = 100/T Σ [s &lt; d]                     τO = 100/T Σ [s &gt; d]
 *   instability υ = 100/(T−1) Σ min(|sgn Δs − sgn Δd|, 1)
 *   jitter = (supply changes − demand changes) per hour
 * </pre>
 * with d(t) = ⌈work arrived in (t − W, t] / (W × target utilization)⌉ (work in worker-seconds,
 * W the demand window). Plus the queue waits, the worker-seconds and the scaling actions. Pure.
 */
public final class Elasticity {

    private Elasticity() {
    }

    /**
     * The scores of one policy on one trace.
     *
     * @param name the policy
     * @param underAccuracy θU, %
     * @param overAccuracy θO, %
     * @param underTimeshare τU, %
     * @param overTimeshare τO, %
     * @param instability υ, %
     * @param jitter supply changes minus demand changes, per hour
     * @param waitP50Ms median queue wait
     * @param waitP95Ms 95th percentile queue wait
     * @param waitMaxMs longest queue wait
     * @param workerSeconds worker time used
     * @param scalingActions changes of the target
     */
    public record Scores(String name, double underAccuracy, double overAccuracy, double underTimeshare, double overTimeshare,
            double instability, double jitter, long waitP50Ms, long waitP95Ms, long waitMaxMs, double workerSeconds,
            int scalingActions) {
    }

    /** The demand per second of the run's samples. */
    public static int[] demand(SimulationResult result) {
        SimulationSettings settings = result.settings();
        int window = (int) Math.max(1, settings.demandWindow().toSeconds());
        int seconds = result.samples().size();
        double[] work = new double[seconds];
        for (int i = 0; i < seconds && i < result.trace().seconds().size(); i++) {
            Trace.Second row = result.trace().seconds().get(i);
            work[i] = row.arrivals() * row.serviceMs() / 1000.0;
        }
        int[] demand = new int[seconds];
        double sum = 0;
        for (int i = 0; i < seconds; i++) {
            sum += work[i];
            if (i >= window) {
                sum -= work[i - window];
            }
            // (the epsilon keeps 8.0000001 from rounding up to 9)
            demand[i] = (int) Math.ceil(sum / (window * settings.targetUtilization()) - 1e-9);
        }
        return demand;
    }

    public static Scores score(SimulationResult result) {
        Require.nonNull("result", result);
        int[] demand = demand(result);
        int t = demand.length;
        double under = 0;
        double over = 0;
        int underTime = 0;
        int overTime = 0;
        int unstable = 0;
        int supplyChanges = 0;
        int demandChanges = 0;
        for (int i = 0; i < t; i++) {
            int d = demand[i];
            int s = result.supply(i);
            under += Math.max(d - s, 0) / (double) Math.max(d, 1);
            over += Math.max(s - d, 0) / (double) Math.max(d, 1);
            underTime += s < d ? 1 : 0;
            overTime += s > d ? 1 : 0;
            if (i > 0) {
                int ds = Integer.signum(s - result.supply(i - 1));
                int dd = Integer.signum(d - demand[i - 1]);
                unstable += Math.min(Math.abs(ds - dd), 1);
                supplyChanges += ds != 0 ? 1 : 0;
                demandChanges += dd != 0 ? 1 : 0;
            }
        }
        long[] waits = result.waits().clone();
        Arrays.sort(waits);
        double hours = t / 3600.0;
        return new Scores(result.policy(), 100 * under / t, 100 * over / t, 100.0 * underTime / t, 100.0 * overTime / t,
                t > 1 ? 100.0 * unstable / (t - 1) : 0, hours == 0 ? 0 : (supplyChanges - demandChanges) / hours,
                percentile(waits, 0.50), percentile(waits, 0.95), waits.length == 0 ? 0 : waits[waits.length - 1],
                result.workerSeconds(), result.actions().size());
    }

    /** The nearest-rank percentile of sorted values; 0 for none. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
